import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useSupplyChainApi } from '../api';
import { useEntityRefresh } from '../../shared/hooks/entityRefresh';

/**
 * What changed from one artifact to another; `value` stays undefined until
 * both are chosen.
 */
export function useArtifactDiff(from?: string, to?: string) {
  const api = useSupplyChainApi();
  const { key: refreshKey } = useEntityRefresh();
  const { value, loading, error, retry } = useAsyncRetry(
    async () => (from && to ? api.diffArtifacts(from, to) : undefined),
    [api, from, to, refreshKey],
  );
  return { value, loading, error, retry };
}
