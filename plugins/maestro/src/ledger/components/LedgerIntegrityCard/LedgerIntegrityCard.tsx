import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
} from '@backstage/core-components';
import {
  LedgerBreakReason,
  LedgerVerification,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useLedgerVerification } from '../../hooks/useLedgerVerification';

const REASONS: Record<LedgerBreakReason, string> = {
  'hash-mismatch': 'its content no longer matches its hash',
  'previous-hash-mismatch':
    'it does not point at the hash of the entry before it',
  'sequence-gap': 'entries are missing before it',
  'head-mismatch': 'the recorded head of the chain does not match it',
};

function pluralEntries(count: number) {
  return count === 1 ? '1 entry' : `${count} entries`;
}

function VerificationResult(props: { verification: LedgerVerification }) {
  const { ok, checked, headSequence, headHash, firstBroken } =
    props.verification;

  if (ok || !firstBroken) {
    return (
      <>
        <Typography variant="body1">
          <StatusOK>Chain intact: {pluralEntries(checked)} verified</StatusOK>
        </Typography>
        {headSequence > 0 && (
          <Typography variant="body2" color="textSecondary">
            Head #{headSequence},{' '}
            <span style={{ fontFamily: 'monospace' }} title={headHash}>
              {headHash.slice(0, 12)}
            </span>
          </Typography>
        )}
      </>
    );
  }

  const reason = REASONS[firstBroken.reason];
  return (
    <>
      <Typography variant="body1">
        <StatusError>Chain broken at entry #{firstBroken.sequence}</StatusError>
      </Typography>
      <Typography variant="body2">
        Reason: {firstBroken.reason}
        {reason && ` (${reason})`}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {firstBroken.detail}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {pluralEntries(checked)} checked before the break.
      </Typography>
    </>
  );
}

/**
 * Whether the audit ledger's hash chain still holds, as the backend finds
 * when it recomputes every hash.
 */
export function LedgerIntegrityCard() {
  const { value, loading, error, retry } = useLedgerVerification();

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (value) {
    body = <VerificationResult verification={value} />;
  }

  return (
    <InfoCard
      title="Ledger integrity"
      subheader="Every entry's SHA-256 hash, recomputed and chained"
    >
      {body}
      <Box mt={2}>
        <Button
          variant="outlined"
          color="primary"
          size="small"
          onClick={() => retry()}
          disabled={loading}
        >
          Verify again
        </Button>
      </Box>
    </InfoCard>
  );
}
