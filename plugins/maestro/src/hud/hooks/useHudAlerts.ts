import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useHudApi } from '../api';
import { useEntityRefresh } from '../../shared/hooks/entityRefresh';

/**
 * Open Build HUD alerts, of one entity or of all entities, most recently
 * opened first. The backend also returns resolved ones; they are left out.
 */
export function useOpenHudAlerts(entityRef?: string) {
  const api = useHudApi();
  const { key } = useEntityRefresh();
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const { items } = await api.listHudAlerts(entityRef ? { entityRef } : {});
    return items
      .filter(alert => alert.status === 'open')
      .sort((a, b) => b.openedAt.localeCompare(a.openedAt));
  }, [api, entityRef, key]);
  return { value, loading, error, retry };
}
