import { useApi } from '@backstage/core-plugin-api';
import { maestroApiRef } from '../../api/MaestroApi';
import type { ServicesApi } from './ServicesApi';

export type { ServicesApi } from './ServicesApi';

/** The Maestro API as the services page sees it: only its own part. */
export function useServicesApi(): ServicesApi {
  return useApi(maestroApiRef);
}
