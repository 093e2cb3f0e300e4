import {
  LedgerPage,
  LedgerQuery,
  LedgerVerification,
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
 * The audit ledger: pages, integrity check and export.
 *
 * @public
 */
export interface LedgerApi {
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
