import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useSupplyChainApi } from '../api';
import { useEntityRefresh } from '../../shared/hooks/entityRefresh';

/** Whether an artifact may enter one release channel, check by check. */
export function useGateVerdict(artifactId: string, channel: string) {
  const api = useSupplyChainApi();
  const { key: refreshKey } = useEntityRefresh();
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getGateVerdict(artifactId, channel),
    [api, artifactId, channel, refreshKey],
  );
  return { value, loading, error, retry };
}
