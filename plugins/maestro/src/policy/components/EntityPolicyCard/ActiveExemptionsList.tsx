import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { PolicyExemptionRecord } from '@maestro-conductor/backstage-plugin-maestro-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemSecondaryAction from '@material-ui/core/ListItemSecondaryAction';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import {
  DuplicateExemption,
  policyExemptionDuplicates,
} from '../DuplicateExemption';
import { RevokePolicyExemptionButton } from '../PolicyExemptionDialog';
import { ExemptionExpiry } from '../../../shared/components/ExemptionExpiry';

/**
 * The entity's exemptions that currently suppress findings. With
 * `onRevoked`, each offers a "Revoke" action that asks for confirmation.
 */
export function ActiveExemptionsList(props: {
  exemptions: PolicyExemptionRecord[];
  onRevoked?: () => void;
}) {
  const { onRevoked } = props;
  const duplicates = policyExemptionDuplicates(props.exemptions);
  if (props.exemptions.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No active exemptions.
      </Typography>
    );
  }
  return (
    <List dense disablePadding aria-label="Active exemptions">
      {props.exemptions.map(exemption => (
        <ListItem key={exemption.id} disableGutters>
          <ListItemText
            primary={
              <>
                <span style={{ fontFamily: 'monospace' }}>
                  {exemption.ruleId}
                </span>
                {`: ${exemption.reason}`}
              </>
            }
            secondary={
              <>
                {`${exemption.ticket} · `}
                <EntityRefLink
                  entityRef={exemption.owner}
                  defaultKind="group"
                />
                {' · expires '}
                <ExemptionExpiry
                  expiresAt={exemption.expiresAt}
                  status={exemption.status}
                />
                {duplicates.has(exemption.id) && (
                  <>
                    {' · '}
                    <DuplicateExemption
                      original={duplicates.get(exemption.id)!}
                    />
                  </>
                )}
              </>
            }
          />
          {onRevoked && (
            <ListItemSecondaryAction>
              <RevokePolicyExemptionButton
                exemption={exemption}
                onRevoked={onRevoked}
              />
            </ListItemSecondaryAction>
          )}
        </ListItem>
      ))}
    </List>
  );
}
