import { useApi } from '@backstage/core-plugin-api';
import { maestroApiRef } from '../../api/MaestroApi';
import type { LedgerApi } from './LedgerApi';

export type { LedgerExport, LedgerApi } from './LedgerApi';

/** The Maestro API as the ledger views sees it: only its own part. */
export function useLedgerApi(): LedgerApi {
  return useApi(maestroApiRef);
}
