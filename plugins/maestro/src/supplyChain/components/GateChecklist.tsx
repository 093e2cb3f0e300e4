import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
} from '@backstage/core-components';
import {
  GateCheck,
  GateVerdict,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import CancelIcon from '@material-ui/icons/Cancel';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import { useGateVerdict } from '../hooks/useGateVerdict';
import { ExemptionExpiry } from '../../shared/components/ExemptionExpiry';
import { Timestamp } from '../../shared/components/Timestamp';

const useStyles = makeStyles(theme => ({
  passed: { color: theme.palette.success.main },
  failed: { color: theme.palette.error.main },
  icon: { minWidth: 36, alignSelf: 'flex-start', marginTop: 6 },
  exemptions: { margin: 0, paddingLeft: theme.spacing(2) },
}));

function CheckItem(props: { check: GateCheck }) {
  const { check } = props;
  const classes = useStyles();
  return (
    <ListItem disableGutters alignItems="flex-start">
      <ListItemIcon className={classes.icon}>
        {check.passed ? (
          <CheckCircleIcon className={classes.passed} titleAccess="passed" />
        ) : (
          <CancelIcon className={classes.failed} titleAccess="failed" />
        )}
      </ListItemIcon>
      <ListItemText
        primary={check.title}
        secondaryTypographyProps={{ component: 'div' }}
        secondary={
          <>
            <Typography variant="body2" color="textSecondary">
              {check.reason}
            </Typography>
            {check.exemptions && check.exemptions.length > 0 && (
              <ul
                className={classes.exemptions}
                aria-label={`Exemptions for ${check.title}`}
              >
                {check.exemptions.map(exemption => (
                  <li key={exemption.id}>
                    <Typography variant="caption">
                      {exemption.vulnerabilityId} exempted by {exemption.owner},
                      expires{' '}
                      <ExemptionExpiry
                        expiresAt={exemption.expiresAt}
                        status="active"
                      />
                    </Typography>
                  </li>
                ))}
              </ul>
            )}
          </>
        }
      />
    </ListItem>
  );
}

function VerdictChecklist(props: { verdict: GateVerdict }) {
  const { verdict } = props;
  // Failing checks first: they are what a service owner has to act on.
  const checks = [...verdict.checks].sort(
    (a, b) => Number(a.passed) - Number(b.passed),
  );
  return (
    <>
      <Typography variant="body2" component="div">
        {verdict.passed ? (
          <StatusOK>May enter {verdict.channel}</StatusOK>
        ) : (
          <StatusError>Blocked from {verdict.channel}</StatusError>
        )}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        Evaluated <Timestamp value={verdict.evaluatedAt} />
      </Typography>
      <List dense aria-label={`${verdict.channel} gate checks`}>
        {checks.map(check => (
          <CheckItem key={check.id} check={check} />
        ))}
      </List>
    </>
  );
}

function ChannelGate(props: { artifactId: string; channel: string }) {
  const { value, loading, error } = useGateVerdict(
    props.artifactId,
    props.channel,
  );
  let content;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    content = loading ? <Progress /> : null;
  } else {
    content = <VerdictChecklist verdict={value} />;
  }
  return (
    <section aria-label={`${props.channel} gate`}>
      <Typography variant="h6" component="h3">
        {props.channel}
      </Typography>
      {content}
    </section>
  );
}

/** Up to three channels side by side on wide screens. */
function columnWidth(channels: number): 4 | 6 | 12 {
  if (channels >= 3) return 4;
  return channels === 2 ? 6 : 12;
}

/**
 * The gate of every release channel for one artifact, side by side: each
 * check with whether it passed, why, and the exemptions that let a failing
 * condition pass.
 */
export function GateChecklist(props: {
  artifactId: string;
  channels: string[];
}) {
  return (
    <InfoCard
      title="Release gates"
      subheader="What each channel requires of this artifact"
    >
      {props.channels.length === 0 ? (
        <Typography color="textSecondary">
          The entity declares no release channels.
        </Typography>
      ) : (
        <Grid container spacing={3}>
          {props.channels.map(channel => (
            <Grid
              item
              xs={12}
              md={columnWidth(props.channels.length)}
              key={channel}
            >
              <ChannelGate artifactId={props.artifactId} channel={channel} />
            </Grid>
          ))}
        </Grid>
      )}
    </InfoCard>
  );
}
