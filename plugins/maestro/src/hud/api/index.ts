import { useApi } from '@backstage/core-plugin-api';
import { maestroApiRef } from '../../api/MaestroApi';
import type { HudApi } from './HudApi';

export type { HudApi } from './HudApi';
export type {
  HudMetricsDays,
  HudTimelineQuery,
  PullRequestTimelineQuery,
  HudMetricsQuery,
  HudAlertQuery,
  HudUnroutedQuery,
} from './hudQueries';

/** The Maestro API as the Build HUD sees it: only its own part. */
export function useHudApi(): HudApi {
  return useApi(maestroApiRef);
}
