import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { maestroApiRef } from '../../api';
import { useEntityRefresh } from '../../shared/hooks/entityRefresh';

/**
 * What changed from one artifact to another; `value` stays undefined until
 * both are chosen.
 */
export function useArtifactDiff(from?: string, to?: string) {
  const api = useApi(maestroApiRef);
  const { key: refreshKey } = useEntityRefresh();
  const { value, loading, error, retry } = useAsyncRetry(
    async () => (from && to ? api.diffArtifacts(from, to) : undefined),
    [api, from, to, refreshKey],
  );
  return { value, loading, error, retry };
}
