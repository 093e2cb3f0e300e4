import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { usePolicyApi } from '../../policy/api';
import { useEntityRefresh } from '../../shared/hooks/entityRefresh';

/**
 * The newest stored policy evaluation of one image digest of an entity;
 * `value` is `null` when none is stored.
 */
export function useArtifactPolicyEvaluation(
  entityRef: string,
  imageDigest: string,
) {
  const api = usePolicyApi();
  const { key: refreshKey } = useEntityRefresh();
  const { value, loading, error, retry } = useAsyncRetry(
    async () =>
      (await api.listPolicyResults({ entityRef, imageDigest, limit: 1 }))
        .items[0] ?? null,
    [api, entityRef, imageDigest, refreshKey],
  );
  return { value, loading, error, retry };
}
