import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { maestroApiRef } from '../../api';
import { useEntityRefresh } from '../../shared/hooks/entityRefresh';

/** One artifact with its documents and verification outcomes. */
export function useArtifact(artifactId: string) {
  const api = useApi(maestroApiRef);
  const { key: refreshKey } = useEntityRefresh();
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getArtifact(artifactId),
    [api, artifactId, refreshKey],
  );
  return { value, loading, error, retry };
}
