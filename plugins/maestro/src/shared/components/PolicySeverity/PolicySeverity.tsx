import { StatusError, StatusWarning } from '@backstage/core-components';
import { PolicySeverity as Severity } from '@maestro-conductor/backstage-plugin-maestro-common';

/** A rule's or finding's severity: `deny` blocks, `warn` only reports. */
export function PolicySeverity(props: { severity: Severity }) {
  return props.severity === 'deny' ? (
    <StatusError>deny</StatusError>
  ) : (
    <StatusWarning>warn</StatusWarning>
  );
}
