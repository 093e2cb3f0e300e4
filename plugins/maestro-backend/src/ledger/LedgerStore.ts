import { Knex } from 'knex';
import {
  LedgerEntry,
  LedgerPage,
} from '@maestro-conductor/backstage-plugin-maestro-common';

/** What a caller records; sequence, time and hashes are the store's to assign. */
export type LedgerAppendInput = {
  actor: string;
  action: string;
  target: string;
  payload: LedgerEntry['payload'];
};

export type LedgerListOptions = {
  after?: number;
  limit: number;
  target?: string;
  order: 'asc' | 'desc';
};

export type LedgerHead = { sequence: number; hash: string };

export type LedgerActivity = { entries: number; lastRecordedAt?: string };

/** Persistence of the audit ledger. */
export interface LedgerStore {
  /**
   * Appends one entry inside the caller's transaction, so the entry commits or
   * rolls back together with the change it records.
   */
  append(tx: Knex.Transaction, input: LedgerAppendInput): Promise<LedgerEntry>;
  list(options: LedgerListOptions): Promise<LedgerPage>;
  /** Entries with sequence greater than `after`, oldest first. */
  readRange(after: number, limit: number): Promise<LedgerEntry[]>;
  head(): Promise<LedgerHead>;
  activityByTarget(targets: string[]): Promise<Map<string, LedgerActivity>>;
}
