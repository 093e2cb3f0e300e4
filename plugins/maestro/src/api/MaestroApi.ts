import { createApiRef } from '@backstage/core-plugin-api';
import type { HudApi } from '../hud/api/HudApi';
import type { LedgerApi } from '../ledger/api/LedgerApi';
import type { PolicyApi } from '../policy/api/PolicyApi';
import type { ServicesApi } from '../services/api/ServicesApi';
import type { SupplyChainApi } from '../supplyChain/api/SupplyChainApi';

export type { MaestroCreateOptions } from '../shared/api/MaestroCreateOptions';
export type { LedgerExport } from '../ledger/api/LedgerApi';
export type {
  PolicyExemptionQuery,
  PolicyExemptionRequest,
  PolicyResultsQuery,
} from '../policy/api/PolicyApi';
export type { HudApi, LedgerApi, PolicyApi, ServicesApi, SupplyChainApi };

/**
 * Client of the Maestro backend plugin: every capability's API in one, so
 * the app registers a single implementation under {@link maestroApiRef}.
 * Each capability's hooks ask only for their own part.
 *
 * @public
 */
export interface MaestroApi
  extends ServicesApi,
    LedgerApi,
    PolicyApi,
    SupplyChainApi,
    HudApi {}

/**
 * Reference to the {@link MaestroApi} implementation in the app.
 *
 * @public
 */
export const maestroApiRef = createApiRef<MaestroApi>({
  id: 'plugin.maestro.service',
});
