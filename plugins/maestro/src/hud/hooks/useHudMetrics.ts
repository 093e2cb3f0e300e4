import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { HudMetricsDays, useHudApi } from '../api';
import { useEntityRefresh } from '../../shared/hooks/entityRefresh';

/**
 * Build HUD metrics over the last `days` days, of one entity or org-wide
 * without `entityRef`. Inside an entity's HUD they follow its notices.
 */
export function useHudMetrics(query: {
  entityRef?: string;
  days: HudMetricsDays;
}) {
  const api = useHudApi();
  const { key } = useEntityRefresh();
  const { entityRef, days } = query;
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getHudMetrics(entityRef ? { entityRef, days } : { days }),
    [api, entityRef, days, key],
  );
  return { value, loading, error, retry };
}
