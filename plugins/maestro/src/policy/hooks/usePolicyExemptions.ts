import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { PolicyExemptionQuery, maestroApiRef } from '../../api';

/**
 * Stored policy exemptions, narrowed by entity and status. The previous
 * `value` stays in place while `retry` refetches.
 */
export function usePolicyExemptions(query: PolicyExemptionQuery = {}) {
  const api = useApi(maestroApiRef);
  const { entityRef, status } = query;
  const { value, loading, error, retry } = useAsyncRetry(
    async () => (await api.listPolicyExemptions({ entityRef, status })).items,
    [api, entityRef, status],
  );
  return { value, loading, error, retry };
}
