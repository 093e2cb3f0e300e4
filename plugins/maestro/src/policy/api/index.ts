import { useApi } from '@backstage/core-plugin-api';
import { maestroApiRef } from '../../api/MaestroApi';
import type { PolicyApi } from './PolicyApi';

export type {
  PolicyExemptionQuery,
  PolicyExemptionRequest,
  PolicyResultsQuery,
  PolicyApi,
} from './PolicyApi';

/** The Maestro API as the policy views sees it: only its own part. */
export function usePolicyApi(): PolicyApi {
  return useApi(maestroApiRef);
}
