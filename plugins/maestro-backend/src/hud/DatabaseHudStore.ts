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

/**
 * Persistence of the Build HUD (knex only). Mutations take the caller's
 * transaction so an event and everything folded from it commit together.
 * The `claim*` methods insert a candidate row unless its natural key exists
 * and return the stored row, locked until the transaction ends (PostgreSQL;
 * SQLite serializes writers anyway), so concurrent events of one run fold
 * one after the other instead of overwriting each other.
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

  async claimRun(
    tx: Knex.Transaction,
    candidate: RunRecord,
  ): Promise<{ run: RunRecord; created: boolean }> {
    await tx<DbHudRunRow>(TABLE_HUD_RUNS)
      .insert(toRunRow(candidate))
      .onConflict(['entity_ref', 'source', 'provider', 'external_id'])
      .ignore();
    const row = (await this.forUpdate(
      tx<DbHudRunRow>(TABLE_HUD_RUNS)
        .where({
          entity_ref: candidate.entityRef,
          source: candidate.source,
          provider: candidate.provider,
          external_id: candidate.externalId,
        })
        .first(),
    ))!;
    return { run: fromRunRow(row), created: row.id === candidate.id };
  }

  async updateRun(tx: Knex.Transaction, run: RunRecord): Promise<void> {
    const { id, created_at, ...changes } = toRunRow(run);
    await tx<DbHudRunRow>(TABLE_HUD_RUNS).where({ id }).update(changes);
  }

  async claimStage(
    tx: Knex.Transaction,
    candidate: StageRecord,
  ): Promise<{ stage: StageRecord; created: boolean }> {
    await tx<DbHudStageRow>(TABLE_HUD_STAGES)
      .insert(toStageRow(candidate))
      .onConflict(['run_id', 'stage_key'])
      .ignore();
    const row = (await this.forUpdate(
      tx<DbHudStageRow>(TABLE_HUD_STAGES)
        .where({ run_id: candidate.runId, stage_key: candidate.key })
        .first(),
    ))!;
    return { stage: fromStageRow(row), created: row.id === candidate.id };
  }

  async updateStage(tx: Knex.Transaction, stage: StageRecord): Promise<void> {
    const { id, run_id, stage_key, ...changes } = toStageRow(stage);
    await tx<DbHudStageRow>(TABLE_HUD_STAGES).where({ id }).update(changes);
  }

  async claimPullRequest(
    tx: Knex.Transaction,
    candidate: PullRequestRecord,
  ): Promise<{ pullRequest: PullRequestRecord; created: boolean }> {
    await tx<DbHudPullRequestRow>(TABLE_HUD_PULL_REQUESTS)
      .insert(toPullRequestRow(candidate))
      .onConflict(['entity_ref', 'number'])
      .ignore();
    const row = (await this.forUpdate(
      tx<DbHudPullRequestRow>(TABLE_HUD_PULL_REQUESTS)
        .where({ entity_ref: candidate.entityRef, number: candidate.number })
        .first(),
    ))!;
    return {
      pullRequest: fromPullRequestRow(row),
      created: row.id === candidate.id,
    };
  }

  async updatePullRequest(
    tx: Knex.Transaction,
    pr: PullRequestRecord,
  ): Promise<void> {
    const { id, entity_ref, number, created_at, ...changes } =
      toPullRequestRow(pr);
    await tx<DbHudPullRequestRow>(TABLE_HUD_PULL_REQUESTS)
      .where({ id })
      .update(changes);
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
