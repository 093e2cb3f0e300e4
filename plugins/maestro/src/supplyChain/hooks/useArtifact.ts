import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useSupplyChainApi } from '../api';
import { useEntityRefresh } from '../../shared/hooks/entityRefresh';

/** One artifact with its documents and verification outcomes. */
export function useArtifact(artifactId: string) {
  const api = useSupplyChainApi();
  const { key: refreshKey } = useEntityRefresh();
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getArtifact(artifactId),
    [api, artifactId, refreshKey],
  );
  return { value, loading, error, retry };
}
