import { parseEntityRef } from '@backstage/catalog-model';
import { WarningPanel } from '@backstage/core-components';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import {
  HudUnroutedDeliveries,
  MAESTRO_ANNOTATIONS,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import Typography from '@material-ui/core/Typography';
import { useHudUnrouted } from '../hooks/useHudUnrouted';
import { RelativeTime } from './RelativeTime';

/** `a`, `a and b`, `a, b and c`. */
function listNames(names: string[]): string {
  return names.length <= 1
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * "3 deliveries for acme/x are parked: component:a and component:b both
 * claim it", the sentence a person needs to see first.
 */
export function unroutedSummary(group: HudUnroutedDeliveries): string {
  const n = group.deliveries;
  const subject =
    group.annotation === MAESTRO_ANNOTATIONS.tektonPipeline
      ? `Tekton pipeline ${group.value}`
      : group.value;
  const names = group.claimants.map(ref =>
    humanizeEntityRef(parseEntityRef(ref)),
  );
  const who =
    group.problem === 'ambiguous'
      ? `${listNames(names)} ${names.length === 2 ? 'both' : 'all'} claim it`
      : `${listNames(names)} ${
          names.length === 1 ? 'claims' : 'claim'
        } it from a catalog location Maestro does not trust`;
  return `${n} ${n === 1 ? 'delivery' : 'deliveries'} for ${subject} ${
    n === 1 ? 'is' : 'are'
  } parked: ${who}`;
}

/**
 * A warning per repository whose CI events reach no Builds tab because
 * several trusted entities claim it, or only untrusted ones do: of the
 * entity's own conflicts with `entityRef`, of every conflict without.
 * Renders nothing when there are none (or they cannot be read: the rest of
 * the tab reports errors).
 */
export function UnroutedDeliveriesWarning(props: { entityRef?: string }) {
  const { value } = useHudUnrouted(props.entityRef);
  if (!value || value.length === 0) return null;
  return (
    <>
      {value.map(group => (
        <WarningPanel
          key={`${group.annotation}:${group.value}:${group.claimants.join(
            ',',
          )}`}
          severity="warning"
          title={unroutedSummary(group)}
        >
          <Typography variant="body2" component="div">
            <p>{group.reason}.</p>
            <p>
              Maestro gives a repository&apos;s CI events to exactly one trusted
              entity and never guesses. Latest parked{' '}
              <RelativeTime value={group.lastReceivedAt} />, first{' '}
              <RelativeTime value={group.firstReceivedAt} />.
            </p>
          </Typography>
        </WarningPanel>
      ))}
    </>
  );
}
