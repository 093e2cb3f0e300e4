import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useHudApi } from '../api';
import { useEntityRefresh } from '../../shared/hooks/entityRefresh';

/** One pull request of an entity with all its runs, newest first. */
export function usePullRequestTimeline(entityRef: string, number: number) {
  const api = useHudApi();
  const { key } = useEntityRefresh();
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getPullRequestTimeline({ entityRef, number }),
    [api, entityRef, number, key],
  );
  return { value, loading, error, retry };
}
