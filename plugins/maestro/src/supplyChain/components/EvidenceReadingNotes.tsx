import { EvidenceSubject } from '@maestro-conductor/backstage-plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import WarningIcon from '@material-ui/icons/Warning';

/** `alpine:3.15 3.15.0`, else its purl: what a document says it describes. */
export function describeSubject(subject: EvidenceSubject): string | undefined {
  const named = [subject.name, subject.version].filter(Boolean).join(' ');
  return named || subject.purl;
}

/**
 * What Maestro did not read of a document, or read only partly, as the
 * backend stated it at ingest. Always shown in full: a half-read document
 * must not look like a complete one.
 */
export function DocumentWarnings(props: { warnings: string[] }) {
  const { warnings } = props;
  return (
    <Box
      display="flex"
      style={{ gap: 8 }}
      role="group"
      aria-label="Not fully read"
    >
      <WarningIcon fontSize="small" color="error" />
      <Box>
        <Typography variant="subtitle2" component="div">
          Not fully read ({warnings.length} warning
          {warnings.length === 1 ? '' : 's'})
        </Typography>
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {warnings.map(warning => (
            <li key={warning}>
              <Typography variant="body2" component="span">
                {warning}
              </Typography>
            </li>
          ))}
        </ul>
      </Box>
    </Box>
  );
}
