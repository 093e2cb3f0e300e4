import {
  SeverityCounts,
  VULNERABILITY_SEVERITIES,
  VulnerabilitySeverity,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import BlockIcon from '@material-ui/icons/Block';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import HelpOutlineIcon from '@material-ui/icons/HelpOutline';
import VerifiedUserIcon from '@material-ui/icons/VerifiedUser';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';

/** `sha256:` and 12 hex digits, as the policy card shortens digests. */
const SHORT_DIGEST_LENGTH = 19;
const SHORT_COMMIT_LENGTH = 7;

/** Display names of the severities, most urgent first. */
export const SEVERITY_LABELS: Record<VulnerabilitySeverity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  negligible: 'Negligible',
  unknown: 'Unknown',
};

// Fixed colours: a severity should look the same in light and dark themes.
const SEVERITY_COLOURS: Record<
  VulnerabilitySeverity,
  { background: string; color: string }
> = {
  critical: { background: '#8e0000', color: '#fff' },
  high: { background: '#d84315', color: '#fff' },
  medium: { background: '#f9a825', color: '#000' },
  low: { background: '#1565c0', color: '#fff' },
  negligible: { background: '#9e9e9e', color: '#000' },
  unknown: { background: '#616161', color: '#fff' },
};

const useStyles = makeStyles(theme => ({
  mono: { fontFamily: 'monospace' },
  chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
  passed: { color: theme.palette.success.main },
  failed: { color: theme.palette.error.main },
  unknown: { color: theme.palette.text.secondary },
}));

/** `sha256:0123456789ab`, the full digest as the tooltip. */
export function ShortDigest(props: { digest: string }) {
  const classes = useStyles();
  return (
    <span className={classes.mono} title={props.digest}>
      {props.digest.slice(0, SHORT_DIGEST_LENGTH)}
    </span>
  );
}

/** A commit's first seven characters, the full hash as the tooltip. */
export function ShortCommit(props: { commit: string }) {
  const classes = useStyles();
  return (
    <span className={classes.mono} title={props.commit}>
      {props.commit.slice(0, SHORT_COMMIT_LENGTH)}
    </span>
  );
}

/** One severity as a coloured chip: "2 critical", or just "Critical". */
export function SeverityChip(props: {
  severity: VulnerabilitySeverity;
  count?: number;
}) {
  const { severity, count } = props;
  const colours = SEVERITY_COLOURS[severity];
  return (
    <Chip
      size="small"
      label={
        count === undefined ? SEVERITY_LABELS[severity] : `${count} ${severity}`
      }
      style={{ backgroundColor: colours.background, color: colours.color }}
    />
  );
}

/**
 * An artifact's findings per severity. Critical to low always show, so a
 * zero reads as "scanned, none"; negligible and unknown only when present.
 */
export function SeverityChips(props: { counts: SeverityCounts }) {
  const classes = useStyles();
  const shown = VULNERABILITY_SEVERITIES.filter(
    severity =>
      props.counts[severity] > 0 ||
      (severity !== 'negligible' && severity !== 'unknown'),
  );
  return (
    <Box className={classes.chips}>
      {shown.map(severity =>
        props.counts[severity] > 0 ? (
          <SeverityChip
            key={severity}
            severity={severity}
            count={props.counts[severity]}
          />
        ) : (
          <Chip
            key={severity}
            size="small"
            variant="outlined"
            label={`0 ${severity}`}
          />
        ),
      )}
    </Box>
  );
}

/** Whether an artifact may enter each channel: "prod: blocked". */
export function VerdictBadges(props: {
  verdicts: Array<{ channel: string; passed: boolean }>;
}) {
  const classes = useStyles();
  if (props.verdicts.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        no gates
      </Typography>
    );
  }
  return (
    <Box className={classes.chips}>
      {props.verdicts.map(({ channel, passed }) => (
        <Chip
          key={channel}
          size="small"
          variant="outlined"
          icon={
            passed ? (
              <CheckCircleIcon className={classes.passed} />
            ) : (
              <BlockIcon className={classes.failed} />
            )
          }
          label={`${channel}: ${passed ? 'allowed' : 'blocked'}`}
          title={
            passed
              ? `The artifact passes the ${channel} gate`
              : `The ${channel} gate blocks the artifact`
          }
        />
      ))}
    </Box>
  );
}

/** A verification outcome as an icon a screen reader names. */
export function VerificationIcon(props: {
  /** Undefined when nothing was verified (no evidence ingested). */
  ok: boolean | undefined;
  okLabel: string;
  failedLabel: string;
  missingLabel?: string;
}) {
  const classes = useStyles();
  if (props.ok === undefined) {
    return (
      <HelpOutlineIcon
        className={classes.unknown}
        titleAccess={props.missingLabel ?? props.failedLabel}
      />
    );
  }
  return props.ok ? (
    <VerifiedUserIcon className={classes.passed} titleAccess={props.okLabel} />
  ) : (
    <ErrorOutlineIcon
      className={classes.failed}
      titleAccess={props.failedLabel}
    />
  );
}

/** An artifact's signature and provenance status as two icons. */
export function EvidenceIcons(props: {
  signatureVerified: boolean;
  provenanceValid: boolean;
}) {
  return (
    <Box display="flex" style={{ gap: 4 }}>
      <VerificationIcon
        ok={props.signatureVerified}
        okLabel="Signature verified"
        failedLabel="Signature not verified"
      />
      <VerificationIcon
        ok={props.provenanceValid}
        okLabel="Provenance valid"
        failedLabel="Provenance not valid"
      />
    </Box>
  );
}
