import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useHudApi } from '../api';
import { useEntityRefresh } from '../../shared/hooks/entityRefresh';

/**
 * GitHub deliveries the backend parked instead of guessing their entity:
 * of those `entityRef` is a claimant of, or all of them. Refetched with the
 * rest of the Builds tab; the backend signals each claimant when it parks one.
 */
export function useHudUnrouted(entityRef?: string) {
  const api = useHudApi();
  const { key } = useEntityRefresh();
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const { items } = await api.listHudUnrouted(entityRef ? { entityRef } : {});
    return items;
  }, [api, entityRef, key]);
  return { value, loading, error, retry };
}
