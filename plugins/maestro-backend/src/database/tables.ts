/** Table names and row shapes of the Maestro backend; only stores use them. */

export const TABLE_LEDGER_ENTRIES = 'maestro_ledger_entries';
export const TABLE_LEDGER_HEAD = 'maestro_ledger_head';

export type DbLedgerEntryRow = {
  // PostgreSQL returns bigint columns as strings.
  sequence: number | string;
  recorded_at: string;
  actor: string;
  action: string;
  target: string;
  payload: string;
  previous_hash: string;
  hash: string;
};

export type DbLedgerHeadRow = {
  id: number;
  sequence: number | string;
  hash: string;
};
