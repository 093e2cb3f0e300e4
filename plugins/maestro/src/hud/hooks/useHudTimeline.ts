import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useHudApi } from '../api';
import { useEntityRefresh } from '../../shared/hooks/entityRefresh';

/**
 * An entity's pull requests with their latest runs and its recent runs on
 * all branches, refetched on every Build HUD notice.
 */
export function useHudTimeline(entityRef: string, limit?: number) {
  const api = useHudApi();
  const { key } = useEntityRefresh();
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getHudTimeline({ entityRef, limit }),
    [api, entityRef, limit, key],
  );
  return { value, loading, error, retry };
}
