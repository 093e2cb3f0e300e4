import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ArtifactListQuery, useSupplyChainApi } from '../api';
import { useEntityRefresh } from '../../shared/hooks/entityRefresh';

/**
 * One page of an entity's artifacts, newest first, with the total count.
 * The previous `value` stays in place while a refetch runs.
 */
export function useArtifacts(query: ArtifactListQuery) {
  const api = useSupplyChainApi();
  const { key: refreshKey } = useEntityRefresh();
  const { entityRef, limit, offset } = query;
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.listArtifacts({ entityRef, limit, offset }),
    [api, entityRef, limit, offset, refreshKey],
  );
  return { value, loading, error, retry };
}
