import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { HudAlert } from '@maestro-conductor/backstage-plugin-maestro-common';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { useOpenHudAlerts } from '../hooks/useHudAlerts';
import { RelativeTime } from './RelativeTime';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  alert: {
    padding: theme.spacing(1, 0),
    '& + &': { borderTop: `1px solid ${theme.palette.divider}` },
  },
  title: {
    display: 'flex',
    alignItems: 'baseline',
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  facts: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    color: theme.palette.text.secondary,
  },
}));

/** Up to three decimals, no trailing zeros: `0.72`, `1,250`. */
function formatAlertNumber(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

function AlertItem(props: { alert: HudAlert; showEntity: boolean }) {
  const classes = useStyles();
  const { alert } = props;
  return (
    <li className={classes.alert} aria-label={alert.title}>
      <Typography variant="body1" component="div" className={classes.title}>
        <StatusError />
        {alert.title}
      </Typography>
      <Typography variant="body2" component="div" className={classes.facts}>
        <span>
          value {formatAlertNumber(alert.value)} vs threshold{' '}
          {formatAlertNumber(alert.threshold)}
        </span>
        <span>
          opened <RelativeTime value={alert.openedAt} />
        </span>
        {props.showEntity && (
          <EntityRefLink entityRef={alert.entityRef} defaultKind="component" />
        )}
      </Typography>
    </li>
  );
}

/**
 * Open Build HUD alerts, newest first: the rule's title, the metric's value
 * when the breach opened against the rule's threshold, and when it opened.
 * Without `entityRef` it lists every entity's, naming the entity.
 */
export function HudAlertsCard(props: { entityRef?: string }) {
  const classes = useStyles();
  const { value, error } = useOpenHudAlerts(props.entityRef);

  let content;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    content = <Progress />;
  } else if (value.length === 0) {
    content = (
      <Typography variant="body2" color="textSecondary">
        No open alerts.
      </Typography>
    );
  } else {
    content = (
      <ul className={classes.list} aria-label="Open alerts">
        {value.map(alert => (
          <AlertItem
            key={alert.id}
            alert={alert}
            showEntity={!props.entityRef}
          />
        ))}
      </ul>
    );
  }
  return <InfoCard title="Open alerts">{content}</InfoCard>;
}
