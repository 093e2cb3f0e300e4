import { PolicyExemptionRecord } from '@maestro-conductor/backstage-plugin-maestro-common';
import { usePolicyApi } from '../../api';
import { RevokeExemptionButton } from '../../../shared/components/ExemptionDialog';

/** Revokes a policy exemption after the user confirms. */
export function RevokePolicyExemptionButton(props: {
  exemption: PolicyExemptionRecord;
  onRevoked: () => void;
}) {
  const { exemption } = props;
  const api = usePolicyApi();
  return (
    <RevokeExemptionButton
      exemptionId={exemption.id}
      name={`exemption from ${exemption.ruleId} (${exemption.ticket})`}
      consequence={`${exemption.ruleId} for ${exemption.entityRef} (${exemption.ticket}) stops covering findings from the next evaluation on.`}
      revoke={id => api.revokePolicyExemption(id)}
      onRevoked={props.onRevoked}
    />
  );
}
