import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { PolicyExemptionQuery, usePolicyApi } from '../api';

/**
 * Stored policy exemptions, narrowed by entity and status. The previous
 * `value` stays in place while `retry` refetches.
 */
export function usePolicyExemptions(query: PolicyExemptionQuery = {}) {
  const api = usePolicyApi();
  const { entityRef, status } = query;
  const { value, loading, error, retry } = useAsyncRetry(
    async () => (await api.listPolicyExemptions({ entityRef, status })).items,
    [api, entityRef, status],
  );
  return { value, loading, error, retry };
}
