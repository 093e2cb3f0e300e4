import { Knex } from 'knex';
import {
  DbHudEventRow,
  DbHudPayloadDigestRow,
  DbHudPullRequestRow,
  DbHudRunRow,
  DbHudStageRow,
  TABLE_HUD_EVENTS,
  TABLE_HUD_PAYLOAD_DIGESTS,
  TABLE_HUD_PULL_REQUESTS,
  TABLE_HUD_RUNS,
  TABLE_HUD_STAGES,
} from '../database/tables';
import {
  fromEventRow,
  fromPullRequestRow,
  fromRunRow,
  fromStageRow,
  toEventRow,
  toPullRequestRow,
  toRunRow,
  toStageRow,
} from './storeRows';
import {
  HudEventRecord,
  HudSource,
  PullRequestRecord,
  RunRecord,
  StageRecord,
} from './types';

/** Which runs to read; all filters are optional and combine with AND. */
export type RunQuery = {
  entityRef?: string;
  pullRequest?: number;
  /** Runs whose latest event is at or after this time. */
  updatedFrom?: string;
  /** Runs that finished in [finishedFrom, finishedBefore). */
  finishedFrom?: string;
  finishedBefore?: string;
  limit?: number;
};

/** Stored events counted per entity and ingestion path. */
export type HudEventCount = {
  entityRef: string;
  source: HudSource;
  count: number;
};

/** The records ingestion folds events into, by kind. */
export type FoldedRecords = {
  run: RunRecord;
  stage: StageRecord;
  pullRequest: PullRequestRecord;
};
export type FoldedKind = keyof FoldedRecords;

/** A table of folded records: claimed by a natural key, updated by id. */
type FoldedTable<R, Row> = {
  name: string;
  /** The unique columns a candidate is claimed by. */
  naturalKey: Array<keyof Row & string>;
  /** Columns an update leaves as inserted (besides id). */
  fixed: Array<keyof Row & string>;
  toRow(record: R): Row;
  fromRow(row: Row): R;
};

const RUNS: FoldedTable<RunRecord, DbHudRunRow> = {
  name: TABLE_HUD_RUNS,
  naturalKey: ['entity_ref', 'source', 'provider', 'external_id'],
  fixed: ['created_at'],
  toRow: toRunRow,
  fromRow: fromRunRow,
};

const STAGES: FoldedTable<StageRecord, DbHudStageRow> = {
  name: TABLE_HUD_STAGES,
  naturalKey: ['run_id', 'stage_key'],
  fixed: ['run_id', 'stage_key'],
  toRow: toStageRow,
  fromRow: fromStageRow,
};

const PULL_REQUESTS: FoldedTable<PullRequestRecord, DbHudPullRequestRow> = {
  name: TABLE_HUD_PULL_REQUESTS,
  naturalKey: ['entity_ref', 'number'],
  fixed: ['entity_ref', 'number', 'created_at'],
  toRow: toPullRequestRow,
  fromRow: fromPullRequestRow,
};

const FOLDED_TABLES = { run: RUNS, stage: STAGES, pullRequest: PULL_REQUESTS };

function foldedTable<K extends FoldedKind>(
  kind: K,
): FoldedTable<FoldedRecords[K], Record<string, any> & { id: string }> {
  return FOLDED_TABLES[kind] as any;
}

/**
 * Persistence of the Build HUD (knex only). Mutations take the caller's
 * transaction so an event and everything folded from it commit together.
 * `claim` inserts a candidate row unless its natural key exists and returns
 * the stored row, locked until the transaction ends (PostgreSQL; SQLite
 * serializes writers anyway), so concurrent events of one run fold one after
 * the other instead of overwriting each other.
 */
export class DatabaseHudStore {
  static fromClient(db: Knex): DatabaseHudStore {
    return new DatabaseHudStore(db);
  }

  private constructor(private readonly db: Knex) {}

  transaction<T>(fn: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  private forUpdate<Q extends Knex.QueryBuilder>(query: Q): Q {
    return this.db.client.config.client === 'pg'
      ? (query.forUpdate() as Q)
      : query;
  }

  /** Inserts the event unless its key is stored; `created` says which happened. */
  async insertEventIfAbsent(
    tx: Knex.Transaction,
    event: HudEventRecord,
  ): Promise<{ created: boolean; eventId: string }> {
    await tx<DbHudEventRow>(TABLE_HUD_EVENTS)
      .insert(toEventRow(event))
      .onConflict('event_key')
      .ignore();
    const stored = await tx<DbHudEventRow>(TABLE_HUD_EVENTS)
      .where({ event_key: event.eventKey })
      .first('id');
    return { created: stored!.id === event.id, eventId: stored!.id };
  }

  /**
   * Claims a payload digest for a new event unless an event received at or
   * after `windowStart` holds it; an older holder is taken over. A second
   * claim of the same digest waits for the first's transaction (primary key
   * on PostgreSQL, one writer on SQLite).
   */
  async claimPayloadDigest(
    tx: Knex.Transaction,
    claim: {
      digest: string;
      eventId: string;
      receivedAt: string;
      windowStart: string;
    },
  ): Promise<{ claimed: true } | { claimed: false; eventId: string }> {
    const table = () => tx<DbHudPayloadDigestRow>(TABLE_HUD_PAYLOAD_DIGESTS);
    await table()
      .insert({
        payload_sha256: claim.digest,
        event_id: claim.eventId,
        received_at: claim.receivedAt,
      })
      .onConflict('payload_sha256')
      .ignore();
    const held = (await this.forUpdate(
      table().where({ payload_sha256: claim.digest }).first(),
    ))!;
    if (held.event_id === claim.eventId) return { claimed: true };
    if (held.received_at >= claim.windowStart) {
      return { claimed: false, eventId: held.event_id };
    }
    await table()
      .where({ payload_sha256: claim.digest })
      .update({ event_id: claim.eventId, received_at: claim.receivedAt });
    return { claimed: true };
  }

  async setEventRun(
    tx: Knex.Transaction,
    eventId: string,
    runId: string,
  ): Promise<void> {
    await tx<DbHudEventRow>(TABLE_HUD_EVENTS)
      .where({ id: eventId })
      .update({ run_id: runId });
  }

  /**
   * Inserts the candidate unless a row with its natural key exists, and
   * returns the stored record, locked until the transaction ends;
   * `created` says whether the candidate was inserted.
   */
  async claim<K extends FoldedKind>(
    tx: Knex.Transaction,
    kind: K,
    candidate: FoldedRecords[K],
  ): Promise<{ record: FoldedRecords[K]; created: boolean }> {
    const table = foldedTable(kind);
    const candidateRow = table.toRow(candidate);
    await tx(table.name)
      .insert(candidateRow)
      .onConflict(table.naturalKey)
      .ignore();
    const key = Object.fromEntries(
      table.naturalKey.map(column => [column, candidateRow[column]]),
    );
    const row = (await this.forUpdate(tx(table.name).where(key).first()))!;
    return { record: table.fromRow(row), created: row.id === candidate.id };
  }

  /** Writes the record's columns, except its id and the columns fixed at insert. */
  async update<K extends FoldedKind>(
    tx: Knex.Transaction,
    kind: K,
    record: FoldedRecords[K],
  ): Promise<void> {
    const table = foldedTable(kind);
    const { id, ...columns } = table.toRow(record);
    const changes = Object.fromEntries(
      Object.entries(columns).filter(
        ([column]) => !table.fixed.includes(column),
      ),
    );
    await tx(table.name).where({ id }).update(changes);
  }

  /**
   * The claim → fold → update cycle of a run, stage or pull request: claims
   * `fold(undefined)` as the candidate; when a stored record holds the natural
   * key instead, folds it and writes the result unless nothing changed.
   * Returns the record as stored. `fold` is the caller's (fold.ts), so the
   * result does not depend on the order events arrive in.
   */
  async fold<K extends FoldedKind>(
    tx: Knex.Transaction,
    kind: K,
    fold: (current: FoldedRecords[K] | undefined) => FoldedRecords[K],
  ): Promise<FoldedRecords[K]> {
    const claimed = await this.claim(tx, kind, fold(undefined));
    if (claimed.created) return claimed.record;
    const folded = fold(claimed.record);
    if (JSON.stringify(folded) !== JSON.stringify(claimed.record)) {
      await this.update(tx, kind, folded);
    }
    return folded;
  }

  /** Newest first (by the run's first event at the source). */
  async listRuns(query: RunQuery): Promise<RunRecord[]> {
    const rows: DbHudRunRow[] = await this.db<DbHudRunRow>(TABLE_HUD_RUNS)
      .modify(q => {
        if (query.entityRef) q.where('entity_ref', query.entityRef);
        if (query.pullRequest !== undefined) {
          q.where('pull_request', query.pullRequest);
        }
        if (query.updatedFrom) q.where('updated_at', '>=', query.updatedFrom);
        if (query.finishedFrom) {
          q.where('finished_at', '>=', query.finishedFrom);
        }
        if (query.finishedBefore) {
          q.where('finished_at', '<', query.finishedBefore);
        }
        if (query.limit !== undefined) q.limit(query.limit);
      })
      .orderBy([
        { column: 'first_event_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    return rows.map(fromRunRow);
  }

  /** The newest run of each of the entity's pull requests given. */
  async latestRunPerPullRequest(
    entityRef: string,
    numbers: number[],
  ): Promise<Map<number, RunRecord>> {
    const latest = new Map<number, RunRecord>();
    if (numbers.length === 0) return latest;
    const ranked = this.db(TABLE_HUD_RUNS)
      .select(
        '*',
        this.db.raw(
          'row_number() over (partition by pull_request order by first_event_at desc, id desc) as position',
        ),
      )
      .where('entity_ref', entityRef)
      .whereIn('pull_request', numbers)
      .as('ranked');
    const rows: Array<DbHudRunRow & { position: number }> = await this.db
      .select('*')
      .from(ranked)
      .where('position', 1);
    for (const { position, ...row } of rows) {
      const run = fromRunRow(row);
      latest.set(run.pullRequest!, run);
    }
    return latest;
  }

  /** Stages per run id, in the order they started. */
  async listStages(runIds: string[]): Promise<Map<string, StageRecord[]>> {
    const byRun = new Map<string, StageRecord[]>(runIds.map(id => [id, []]));
    if (runIds.length === 0) return byRun;
    const rows: DbHudStageRow[] = await this.db<DbHudStageRow>(TABLE_HUD_STAGES)
      .whereIn('run_id', runIds)
      .orderBy([
        { column: 'run_id' },
        { column: 'started_at' },
        { column: 'stage_key' },
      ]);
    for (const row of rows) byRun.get(row.run_id)?.push(fromStageRow(row));
    return byRun;
  }

  /** Open (or not yet known) pull requests first, then most recently updated. */
  async listPullRequests(
    entityRef: string,
    limit: number,
  ): Promise<PullRequestRecord[]> {
    const rows: DbHudPullRequestRow[] = await this.db<DbHudPullRequestRow>(
      TABLE_HUD_PULL_REQUESTS,
    )
      .where({ entity_ref: entityRef })
      .orderByRaw(
        "case when state in ('closed', 'merged') then 1 else 0 end, updated_at desc, number desc",
      )
      .limit(limit);
    return rows.map(fromPullRequestRow);
  }

  async getPullRequest(
    entityRef: string,
    number: number,
  ): Promise<PullRequestRecord | undefined> {
    const row = await this.db<DbHudPullRequestRow>(TABLE_HUD_PULL_REQUESTS)
      .where({ entity_ref: entityRef, number })
      .first();
    return row ? fromPullRequestRow(row) : undefined;
  }

  /** Stored events, oldest received first; for replay and debugging. */
  async listEvents(query: {
    entityRef?: string;
    runId?: string;
    limit: number;
  }): Promise<HudEventRecord[]> {
    const rows: DbHudEventRow[] = await this.db<DbHudEventRow>(TABLE_HUD_EVENTS)
      .modify(q => {
        if (query.entityRef) q.where('entity_ref', query.entityRef);
        if (query.runId) q.where('run_id', query.runId);
      })
      .orderBy([{ column: 'received_at' }, { column: 'id' }])
      .limit(query.limit);
    return rows.map(fromEventRow);
  }

  /** Events received in [from, before), per entity and ingestion path. */
  async countEvents(query: {
    from: string;
    before: string;
    entityRef?: string;
  }): Promise<HudEventCount[]> {
    const rows: Array<{ entity_ref: string; source: string; count: unknown }> =
      await this.db(TABLE_HUD_EVENTS)
        .select('entity_ref', 'source')
        .count({ count: '*' })
        .where('received_at', '>=', query.from)
        .andWhere('received_at', '<', query.before)
        .modify(q => {
          if (query.entityRef) q.where('entity_ref', query.entityRef);
        })
        .groupBy('entity_ref', 'source')
        .orderBy(['entity_ref', 'source']);
    return rows.map(row => ({
      entityRef: row.entity_ref,
      source: row.source as HudSource,
      count: Number(row.count),
    }));
  }
}
