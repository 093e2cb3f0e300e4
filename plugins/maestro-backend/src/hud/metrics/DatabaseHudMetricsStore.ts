import { Knex } from 'knex';
import {
  DbHudPullRequestRow,
  DbHudRunRow,
  DbHudStageRow,
  TABLE_HUD_PULL_REQUESTS,
  TABLE_HUD_RUNS,
  TABLE_HUD_STAGES,
} from '../../database/tables';

/** The statuses that are a verdict on the code; cancelled and skipped runs are not. */
export const VERDICT_STATUSES = ['succeeded', 'failed'] as const;

/** A run that finished with a verdict, as metrics read it. */
export type FinishedRun = {
  entityRef: string;
  status: (typeof VERDICT_STATUSES)[number];
  finishedAt: string;
  durationMs?: number;
};

/** Finished runs of one entity in a window, for failure-rate alerts. */
export type RunCounts = { entityRef: string; runs: number; failed: number };

/** A run one of whose stages reported a failed policy check. */
export type PolicyViolation = {
  runId: string;
  entityRef: string;
  /** When its first violating stage finished (or reported, if it never did). */
  at: string;
};

/** A preview environment of a pull request that is open. */
export type OpenPreview = {
  entityRef: string;
  number: number;
  previewUrl: string;
  /** When the preview URL was last reported at the source. */
  reportedAt: string;
};

/** Finished runs in [from, before), or from `from` on; all entities without entityRef. */
export type WindowQuery = { from: string; before?: string; entityRef?: string };

function durationOf(
  row: Pick<DbHudRunRow, 'duration_ms' | 'started_at' | 'finished_at'>,
): number | undefined {
  if (row.duration_ms !== null) return Number(row.duration_ms);
  if (row.started_at && row.finished_at) {
    const ms = Date.parse(row.finished_at) - Date.parse(row.started_at);
    return ms >= 0 ? ms : undefined;
  }
  return undefined;
}

/**
 * Reads of the Build HUD tables that metrics and alerts need (knex only).
 * The tables belong to the HUD capability and are written by
 * DatabaseHudStore; this store never writes them.
 */
export class DatabaseHudMetricsStore {
  static fromClient(db: Knex): DatabaseHudMetricsStore {
    return new DatabaseHudMetricsStore(db);
  }

  private constructor(private readonly db: Knex) {}

  private finished(query: WindowQuery) {
    return this.db<DbHudRunRow>(TABLE_HUD_RUNS)
      .whereIn('status', VERDICT_STATUSES)
      .where('finished_at', '>=', query.from)
      .modify(q => {
        if (query.before) q.where('finished_at', '<', query.before);
        if (query.entityRef) q.where('entity_ref', query.entityRef);
      });
  }

  /** Runs that succeeded or failed in the window, oldest finish first. */
  async listFinishedRuns(query: WindowQuery): Promise<FinishedRun[]> {
    const rows: Array<
      Pick<
        DbHudRunRow,
        'entity_ref' | 'status' | 'started_at' | 'finished_at' | 'duration_ms'
      >
    > = await this.finished(query)
      .select(
        'entity_ref',
        'status',
        'started_at',
        'finished_at',
        'duration_ms',
      )
      .orderBy([{ column: 'finished_at' }, { column: 'id' }]);
    return rows.map(row => ({
      entityRef: row.entity_ref,
      status: row.status as FinishedRun['status'],
      finishedAt: row.finished_at!,
      durationMs: durationOf(row),
    }));
  }

  /** Finished runs and failed ones per entity in the window. */
  async countFinishedRuns(query: WindowQuery): Promise<RunCounts[]> {
    const rows: Array<{ entity_ref: string; runs: unknown; failed: unknown }> =
      await this.finished(query)
        .select('entity_ref')
        .count({ runs: '*' })
        .select(
          this.db.raw(
            "sum(case when status = 'failed' then 1 else 0 end) as failed",
          ),
        )
        .groupBy('entity_ref')
        .orderBy('entity_ref');
    return rows.map(row => ({
      entityRef: row.entity_ref,
      runs: Number(row.runs),
      failed: Number(row.failed ?? 0),
    }));
  }

  /**
   * Runs with at least one stage whose policy check failed (`passed` false or
   * `denied` above 0), each once, dated by its first such stage; those dated
   * in the window.
   */
  async listPolicyViolations(query: WindowQuery): Promise<PolicyViolation[]> {
    const at = 'min(coalesce(s.finished_at, s.status_at))';
    const rows: Array<{ run_id: string; entity_ref: string; at: string }> =
      await this.db<DbHudStageRow>(`${TABLE_HUD_STAGES} as s`)
        .join(`${TABLE_HUD_RUNS} as r`, 'r.id', 's.run_id')
        .select('s.run_id', 'r.entity_ref', this.db.raw(`${at} as at`))
        .where(q =>
          q.where('s.policy_passed', false).orWhere('s.policy_denied', '>', 0),
        )
        .modify(q => {
          if (query.entityRef) q.where('r.entity_ref', query.entityRef);
        })
        .groupBy('s.run_id', 'r.entity_ref')
        .havingRaw(`${at} >= ?`, [query.from])
        .modify(q => {
          if (query.before) q.havingRaw(`${at} < ?`, [query.before]);
        })
        .orderBy([{ column: 'at' }, { column: 's.run_id' }]);
    return rows.map(row => ({
      runId: row.run_id,
      entityRef: row.entity_ref,
      at: row.at,
    }));
  }

  /** Pull requests in state `open` that have a preview URL. */
  async listOpenPreviews(query: {
    entityRef?: string;
  }): Promise<OpenPreview[]> {
    const rows: Array<
      Pick<
        DbHudPullRequestRow,
        'entity_ref' | 'number' | 'preview_url' | 'field_times' | 'updated_at'
      >
    > = await this.db<DbHudPullRequestRow>(TABLE_HUD_PULL_REQUESTS)
      .select(
        'entity_ref',
        'number',
        'preview_url',
        'field_times',
        'updated_at',
      )
      .where('state', 'open')
      .whereNotNull('preview_url')
      .modify(q => {
        if (query.entityRef) q.where('entity_ref', query.entityRef);
      })
      .orderBy(['entity_ref', 'number']);
    return rows.map(row => {
      const times = JSON.parse(row.field_times) as Record<string, string>;
      return {
        entityRef: row.entity_ref,
        number: Number(row.number),
        previewUrl: row.preview_url!,
        reportedAt: times.previewUrl ?? row.updated_at,
      };
    });
  }
}
