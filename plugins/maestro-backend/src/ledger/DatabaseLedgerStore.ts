import { Knex } from 'knex';
import {
  LedgerEntry,
  LedgerPage,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  canonicalJson,
  computeLedgerHash,
} from '@maestro-conductor/backstage-plugin-maestro-node';
import {
  DbLedgerEntryRow,
  DbLedgerHeadRow,
  TABLE_LEDGER_ENTRIES,
  TABLE_LEDGER_HEAD,
} from '../database/tables';
import {
  LedgerActivity,
  LedgerAppendInput,
  LedgerHead,
  LedgerListOptions,
  LedgerStore,
} from './LedgerStore';

/** Ledger persistence on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseLedgerStore implements LedgerStore {
  /** The plugin migrates once (getMigratedClient) and shares the client. */
  static fromClient(client: Knex): DatabaseLedgerStore {
    return new DatabaseLedgerStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async append(
    tx: Knex.Transaction,
    input: LedgerAppendInput,
  ): Promise<LedgerEntry> {
    // The head row is the lock every append takes, so concurrent appends get
    // consecutive sequences and each links to the one committed before it.
    // SQLite has no row locks; its writers are serialized by the database.
    let headQuery = tx<DbLedgerHeadRow>(TABLE_LEDGER_HEAD).where({ id: 1 });
    if (this.db.client.config.client === 'pg') {
      headQuery = headQuery.forUpdate();
    }
    const headRow = await headQuery.first();
    if (!headRow) {
      throw new Error('The ledger head row is missing; was the migration run?');
    }
    const content = {
      sequence: Number(headRow.sequence) + 1,
      recordedAt: new Date().toISOString(),
      actor: input.actor,
      action: input.action,
      target: input.target,
      payload: input.payload,
    };
    const hash = computeLedgerHash(headRow.hash, content);
    await tx<DbLedgerEntryRow>(TABLE_LEDGER_ENTRIES).insert({
      sequence: content.sequence,
      recorded_at: content.recordedAt,
      actor: content.actor,
      action: content.action,
      target: content.target,
      payload: canonicalJson(content.payload),
      previous_hash: headRow.hash,
      hash,
    });
    await tx<DbLedgerHeadRow>(TABLE_LEDGER_HEAD)
      .where({ id: 1 })
      .update({ sequence: content.sequence, hash });
    return { ...content, previousHash: headRow.hash, hash };
  }

  async list(options: LedgerListOptions): Promise<LedgerPage> {
    const query = this.db<DbLedgerEntryRow>(TABLE_LEDGER_ENTRIES)
      .orderBy('sequence', options.order)
      .limit(options.limit + 1);
    if (options.target) {
      query.where('target', options.target);
    }
    if (options.after !== undefined) {
      query.where(
        'sequence',
        options.order === 'asc' ? '>' : '<',
        options.after,
      );
    }
    const [rows, head] = await Promise.all([query, this.head()]);
    const entries = rows.slice(0, options.limit).map(toEntry);
    const hasMore = rows.length > options.limit;
    return {
      entries,
      nextAfter: hasMore ? entries[entries.length - 1].sequence : undefined,
      headSequence: head.sequence,
    };
  }

  async readRange(after: number, limit: number): Promise<LedgerEntry[]> {
    const rows = await this.db<DbLedgerEntryRow>(TABLE_LEDGER_ENTRIES)
      .where('sequence', '>', after)
      .orderBy('sequence', 'asc')
      .limit(limit);
    return rows.map(toEntry);
  }

  async head(): Promise<LedgerHead> {
    const row = await this.db<DbLedgerHeadRow>(TABLE_LEDGER_HEAD)
      .where({ id: 1 })
      .first();
    if (!row) {
      throw new Error('The ledger head row is missing; was the migration run?');
    }
    return { sequence: Number(row.sequence), hash: row.hash };
  }

  async activityByTarget(
    targets: string[],
  ): Promise<Map<string, LedgerActivity>> {
    const activity = new Map<string, LedgerActivity>();
    if (targets.length === 0) {
      return activity;
    }
    // Chunked to stay far below SQLite's and PostgreSQL's bound-parameter limits.
    for (let start = 0; start < targets.length; start += 500) {
      const rows: Array<{
        target: string;
        entries: number | string;
        last: string;
      }> = await this.db(TABLE_LEDGER_ENTRIES)
        .select('target')
        .count({ entries: '*' })
        .max({ last: 'recorded_at' })
        .whereIn('target', targets.slice(start, start + 500))
        .groupBy('target');
      for (const row of rows) {
        activity.set(row.target, {
          entries: Number(row.entries),
          lastRecordedAt: row.last,
        });
      }
    }
    return activity;
  }
}

function toEntry(row: DbLedgerEntryRow): LedgerEntry {
  return {
    sequence: Number(row.sequence),
    recordedAt: row.recorded_at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    payload: JSON.parse(row.payload),
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}
