import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useSupplyChainApi } from '../api';
import { useEntityRefresh } from '../../shared/hooks/entityRefresh';

/** Every vulnerability finding stored for an artifact. */
export function useArtifactVulnerabilities(artifactId: string) {
  const api = useSupplyChainApi();
  const { key: refreshKey } = useEntityRefresh();
  const { value, loading, error, retry } = useAsyncRetry(
    async () => (await api.listArtifactVulnerabilities(artifactId)).items,
    [api, artifactId, refreshKey],
  );
  return { value, loading, error, retry };
}
