import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { usePolicyApi } from '../api';

/**
 * The newest stored policy evaluation of an entity; `value` is `null` when
 * none is stored yet.
 */
export function useLatestPolicyEvaluation(entityRef: string) {
  const api = usePolicyApi();
  const { value, loading, error, retry } = useAsyncRetry(
    async () =>
      (await api.listPolicyResults({ entityRef, limit: 1 })).items[0] ?? null,
    [api, entityRef],
  );
  return { value, loading, error, retry };
}
