import { StatusAborted, StatusWarning } from '@backstage/core-components';
import { PolicyExemptionRecord } from '@maestro-conductor/backstage-plugin-maestro-common';
import Typography from '@material-ui/core/Typography';
import { relativeTime } from './relativeTime';

/** Status of an exemption as a person should read it now. */
export type ExemptionState = PolicyExemptionRecord['status'];

/**
 * The status of an exemption at `now`. The stored status lags behind the
 * clock until the backend next looks at it, so an `active` exemption whose
 * expiry has passed counts as expired here.
 */
export function exemptionState(
  exemption: { status: ExemptionState; expiresAt: string },
  now: Date = new Date(),
): ExemptionState {
  if (exemption.status !== 'active') {
    return exemption.status;
  }
  return new Date(exemption.expiresAt).getTime() <= now.getTime()
    ? 'expired'
    : 'active';
}

/**
 * When an exemption runs out, relative to now ("in 5 days"), or that it
 * already did ("expired 2 days ago", in red), or that it was revoked. The
 * exact expiry is the tooltip.
 */
export function ExemptionExpiry(props: {
  expiresAt: string;
  status: ExemptionState;
  revokedAt?: string;
}) {
  const now = new Date();
  const expiresAt = new Date(props.expiresAt);
  if (Number.isNaN(expiresAt.getTime())) {
    return <>{props.expiresAt}</>;
  }
  const state = exemptionState(props, now);

  if (state === 'revoked') {
    const revokedAt = props.revokedAt ? new Date(props.revokedAt) : undefined;
    return (
      <span title={props.revokedAt}>
        <StatusAborted>
          revoked
          {revokedAt &&
            !Number.isNaN(revokedAt.getTime()) &&
            ` ${relativeTime(revokedAt, now)}`}
        </StatusAborted>
      </span>
    );
  }
  if (state === 'expired') {
    return (
      <Typography
        component="span"
        variant="inherit"
        color="error"
        title={props.expiresAt}
      >
        <StatusWarning>expired {relativeTime(expiresAt, now)}</StatusWarning>
      </Typography>
    );
  }
  return (
    <time dateTime={props.expiresAt} title={props.expiresAt}>
      {relativeTime(expiresAt, now)}
    </time>
  );
}
