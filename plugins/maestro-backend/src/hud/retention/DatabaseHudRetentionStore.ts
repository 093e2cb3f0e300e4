import { Knex } from 'knex';
import {
  DbHudEventRow,
  DbHudPullRequestRow,
  DbHudRunRow,
  TABLE_HUD_EVENTS,
  TABLE_HUD_PAYLOAD_DIGESTS,
  TABLE_HUD_PULL_REQUESTS,
  TABLE_HUD_RUNS,
  TABLE_HUD_STAGES,
  TABLE_HUD_UNROUTED,
} from '../../database/tables';

/** A run past the retention window, and where the next page starts after it. */
export type ExpiredRun = {
  id: string;
  updatedAt: string;
  imageDigest?: string;
};

/**
 * Deletes Build HUD rows past the retention window (knex only), a batch per
 * transaction so no lock is held for long. What is still referenced is
 * skipped in SQL where the reference is in the HUD's own tables:
 *
 * - a run of a pull request that is open;
 * - an event whose run is kept;
 * - a pull request that is open, or that still has runs.
 *
 * A run whose image digest is a supply-chain artifact is kept as well, but
 * that is for the caller to ask the supply-chain service (its tables are not
 * read here); deleteRuns takes the ids the caller decided on.
 */
export class DatabaseHudRetentionStore {
  static fromClient(db: Knex): DatabaseHudRetentionStore {
    return new DatabaseHudRetentionStore(db);
  }

  private constructor(private readonly db: Knex) {}

  private forUpdate<Q extends Knex.QueryBuilder>(query: Q): Q {
    return this.db.client.config.client === 'pg'
      ? (query.forUpdate() as Q)
      : query;
  }

  /** Runs with no event since `cutoff` that belong to no open pull request. */
  private expiredRuns(db: Knex, cutoff: string) {
    return db<DbHudRunRow>(`${TABLE_HUD_RUNS} as r`)
      .where('r.updated_at', '<', cutoff)
      .whereNotExists(
        db(`${TABLE_HUD_PULL_REQUESTS} as p`)
          .select(db.raw('1'))
          .whereRaw('p.entity_ref = r.entity_ref')
          .whereRaw('p.number = r.pull_request')
          .where('p.state', 'open'),
      );
  }

  /** A page of expired runs in (updatedAt, id) order, after `after` when given. */
  async listExpiredRuns(query: {
    cutoff: string;
    after?: { updatedAt: string; id: string };
    limit: number;
  }): Promise<ExpiredRun[]> {
    const { after } = query;
    const rows: Array<Pick<DbHudRunRow, 'id' | 'updated_at' | 'image_digest'>> =
      await this.expiredRuns(this.db, query.cutoff)
        .select('r.id', 'r.updated_at', 'r.image_digest')
        .modify(q => {
          if (after) {
            q.where(w =>
              w
                .where('r.updated_at', '>', after.updatedAt)
                .orWhere(e =>
                  e
                    .where('r.updated_at', '=', after.updatedAt)
                    .where('r.id', '>', after.id),
                ),
            );
          }
        })
        .orderBy([{ column: 'r.updated_at' }, { column: 'r.id' }])
        .limit(query.limit);
    return rows.map(row => ({
      id: row.id,
      updatedAt: row.updated_at,
      ...(row.image_digest && { imageDigest: row.image_digest }),
    }));
  }

  /**
   * Deletes those of the given runs that are still expired (an event may
   * have arrived since they were listed), with their stages, in one
   * transaction. Returns how many runs were deleted.
   */
  async deleteRuns(ids: string[], cutoff: string): Promise<number> {
    if (ids.length === 0) return 0;
    return this.db.transaction(async (tx): Promise<number> => {
      const rows: Array<{ id: string }> = await this.forUpdate(
        this.expiredRuns(tx, cutoff).select('r.id').whereIn('r.id', ids),
      );
      const expired = rows.map(row => row.id);
      if (expired.length === 0) return 0;
      await tx(TABLE_HUD_STAGES).whereIn('run_id', expired).delete();
      return Number(await tx(TABLE_HUD_RUNS).whereIn('id', expired).delete());
    });
  }

  /**
   * Deletes up to `limit` events received before `cutoff` whose run is gone
   * (or that never had one), in one transaction; returns how many.
   */
  async deleteExpiredEvents(cutoff: string, limit: number): Promise<number> {
    return this.db.transaction(async (tx): Promise<number> => {
      const rows: Array<Pick<DbHudEventRow, 'id'>> = await tx(
        `${TABLE_HUD_EVENTS} as e`,
      )
        .select('e.id')
        .where('e.received_at', '<', cutoff)
        .where(q =>
          q
            .whereNull('e.run_id')
            .orWhereNotExists(
              tx(`${TABLE_HUD_RUNS} as r`)
                .select(tx.raw('1'))
                .whereRaw('r.id = e.run_id'),
            ),
        )
        .orderBy('e.received_at')
        .limit(limit);
      if (rows.length === 0) return 0;
      const ids = rows.map(row => row.id);
      return Number(await tx(TABLE_HUD_EVENTS).whereIn('id', ids).delete());
    });
  }

  /**
   * Deletes up to `limit` pull requests not updated since `cutoff` that are
   * not open and have no runs left, in one transaction; returns how many.
   */
  async deleteExpiredPullRequests(
    cutoff: string,
    limit: number,
  ): Promise<number> {
    return this.db.transaction(async (tx): Promise<number> => {
      const rows: Array<Pick<DbHudPullRequestRow, 'id'>> = await this.forUpdate(
        tx(`${TABLE_HUD_PULL_REQUESTS} as p`)
          .select('p.id')
          .where('p.updated_at', '<', cutoff)
          .where(q => q.whereNull('p.state').orWhereNot('p.state', 'open'))
          .whereNotExists(
            tx(`${TABLE_HUD_RUNS} as r`)
              .select(tx.raw('1'))
              .whereRaw('r.entity_ref = p.entity_ref')
              .whereRaw('r.pull_request = p.number'),
          )
          .orderBy('p.updated_at')
          .limit(limit),
      );
      if (rows.length === 0) return 0;
      const ids = rows.map(row => row.id);
      return Number(
        await tx(TABLE_HUD_PULL_REQUESTS).whereIn('id', ids).delete(),
      );
    });
  }

  /**
   * Deletes up to `limit` rows of a table keyed by `key` whose `received_at`
   * is before `cutoff`: payload digests past the replay window, parked
   * deliveries past retention. Returns how many.
   */
  async deleteReceivedBefore(
    table: 'payloadDigests' | 'unrouted',
    cutoff: string,
    limit: number,
  ): Promise<number> {
    const [name, key] =
      table === 'payloadDigests'
        ? [TABLE_HUD_PAYLOAD_DIGESTS, 'payload_sha256']
        : [TABLE_HUD_UNROUTED, 'id'];
    return this.db.transaction(async (tx): Promise<number> => {
      const rows: Array<Record<string, string>> = await tx(name)
        .select(key)
        .where('received_at', '<', cutoff)
        .orderBy('received_at')
        .limit(limit);
      if (rows.length === 0) return 0;
      return Number(
        await tx(name)
          .whereIn(
            key,
            rows.map(row => row[key]),
          )
          .delete(),
      );
    });
  }
}
