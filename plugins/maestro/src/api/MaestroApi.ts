import { createApiRef } from '@backstage/core-plugin-api';
import {
  LedgerPage,
  LedgerQuery,
  LedgerVerification,
  MaestroServiceList,
} from '@maestro-conductor/backstage-plugin-maestro-common';

/**
 * A download of the whole audit ledger, as newline-delimited JSON.
 *
 * @public
 */
export type LedgerExport = {
  /** File name the backend suggests, e.g. `maestro-ledger-2026-11-23.ndjson`. */
  filename: string;
  data: Blob;
};

/**
 * Client of the Maestro backend plugin.
 *
 * @public
 */
export interface MaestroApi {
  /** Catalog components under Maestro (annotated `maestro.io/image`). */
  listServices(): Promise<MaestroServiceList>;

  /** One page of the audit ledger, oldest first unless `order: 'desc'`. */
  getLedger(query?: LedgerQuery): Promise<LedgerPage>;

  /** Recomputes the ledger's hash chain on the backend. */
  verifyLedger(): Promise<LedgerVerification>;

  /**
   * Absolute URL of the NDJSON export, for tools that bring their own
   * Backstage token (`curl -H "Authorization: Bearer …"`).
   */
  getLedgerExportUrl(): Promise<string>;

  /**
   * Downloads the NDJSON export with the signed-in user's credentials.
   * Rejects with a `ResponseError` (403) without `maestro.ledger.export`.
   */
  exportLedger(): Promise<LedgerExport>;
}

/**
 * Reference to the {@link MaestroApi} implementation in the app.
 *
 * @public
 */
export const maestroApiRef = createApiRef<MaestroApi>({
  id: 'plugin.maestro.service',
});
