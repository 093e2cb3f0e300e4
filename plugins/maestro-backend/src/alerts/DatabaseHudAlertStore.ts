import { HudAlert } from '@maestro-conductor/backstage-plugin-maestro-common';
import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import { HudAlertMetric } from './alertsConfig';

// The table is this folder's own (migrations/20261201130000_hud_alerts.js).
export const TABLE_HUD_ALERTS = 'maestro_hud_alerts';

export type DbHudAlertRow = {
  id: string;
  rule_id: string;
  metric: string;
  entity_ref: string;
  title: string;
  status: string;
  open_key: string | null;
  // PostgreSQL may return double precision columns as strings through some drivers.
  value: number | string;
  threshold: number | string;
  opened_at: string;
  resolved_at: string | null;
  resolved_value: number | string | null;
  notified_at: string | null;
};

/** A breach as stored: the contract's HudAlert plus what evaluation needs. */
export type HudBreach = HudAlert & {
  metric: HudAlertMetric;
  resolvedValue?: number;
  notifiedAt?: string;
};

/** At most one breach per rule and entity is open: they share this key. */
export function openKeyOf(ruleId: string, entityRef: string): string {
  return createHash('sha256')
    .update(JSON.stringify([ruleId, entityRef]))
    .digest('hex');
}

function fromRow(row: DbHudAlertRow): HudBreach {
  return {
    id: row.id,
    ruleId: row.rule_id,
    metric: row.metric as HudAlertMetric,
    entityRef: row.entity_ref,
    title: row.title,
    value: Number(row.value),
    threshold: Number(row.threshold),
    status: row.status as HudBreach['status'],
    openedAt: row.opened_at,
    ...(row.resolved_at !== null && { resolvedAt: row.resolved_at }),
    ...(row.resolved_value !== null && {
      resolvedValue: Number(row.resolved_value),
    }),
    ...(row.notified_at !== null && { notifiedAt: row.notified_at }),
  };
}

/** Persistence of alert breaches (knex only). */
export class DatabaseHudAlertStore {
  static fromClient(db: Knex): DatabaseHudAlertStore {
    return new DatabaseHudAlertStore(db);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Opens the breach unless one of its rule and entity is open already;
   * `created` is true only for the caller whose insert won, so only that
   * caller notifies.
   */
  async openBreach(
    breach: Omit<HudBreach, 'status' | 'resolvedAt' | 'resolvedValue'>,
  ): Promise<{ created: boolean }> {
    await this.db<DbHudAlertRow>(TABLE_HUD_ALERTS)
      .insert({
        id: breach.id,
        rule_id: breach.ruleId,
        metric: breach.metric,
        entity_ref: breach.entityRef,
        title: breach.title,
        status: 'open',
        open_key: openKeyOf(breach.ruleId, breach.entityRef),
        value: breach.value,
        threshold: breach.threshold,
        opened_at: breach.openedAt,
        resolved_at: null,
        resolved_value: null,
        notified_at: breach.notifiedAt ?? null,
      })
      .onConflict('open_key')
      .ignore();
    const row = await this.db<DbHudAlertRow>(TABLE_HUD_ALERTS)
      .where({ id: breach.id })
      .first('id');
    return { created: Boolean(row) };
  }

  /** Resolves an open breach; false when it was not open (anymore). */
  async resolveBreach(
    id: string,
    resolution: { resolvedAt: string; value?: number },
  ): Promise<boolean> {
    const updated = await this.db<DbHudAlertRow>(TABLE_HUD_ALERTS)
      .where({ id, status: 'open' })
      .update({
        status: 'resolved',
        open_key: null,
        resolved_at: resolution.resolvedAt,
        resolved_value: resolution.value ?? null,
      });
    return updated === 1;
  }

  async markNotified(id: string, notifiedAt: string): Promise<void> {
    await this.db<DbHudAlertRow>(TABLE_HUD_ALERTS)
      .where({ id })
      .whereNull('notified_at')
      .update({ notified_at: notifiedAt });
  }

  async listOpenBreaches(query: { entityRef?: string }): Promise<HudBreach[]> {
    const rows: DbHudAlertRow[] = await this.db<DbHudAlertRow>(TABLE_HUD_ALERTS)
      .where({ status: 'open' })
      .modify(q => {
        if (query.entityRef) q.where('entity_ref', query.entityRef);
      })
      .orderBy([{ column: 'opened_at' }, { column: 'id' }]);
    return rows.map(fromRow);
  }

  /** Open first, then newest opened first. */
  async listBreaches(query: {
    entityRef?: string;
    limit: number;
  }): Promise<HudBreach[]> {
    const rows: DbHudAlertRow[] = await this.db<DbHudAlertRow>(TABLE_HUD_ALERTS)
      .modify(q => {
        if (query.entityRef) q.where('entity_ref', query.entityRef);
      })
      .orderByRaw(
        "case when status = 'open' then 0 else 1 end, opened_at desc, id desc",
      )
      .limit(query.limit);
    return rows.map(fromRow);
  }

  /** Deletes breaches resolved before `cutoff`, at most `limit`; returns how many. */
  async deleteResolvedBefore(cutoff: string, limit: number): Promise<number> {
    const ids = this.db(TABLE_HUD_ALERTS)
      .select('id')
      .where({ status: 'resolved' })
      .where('resolved_at', '<', cutoff)
      .limit(limit);
    return this.db(TABLE_HUD_ALERTS).whereIn('id', ids).delete();
  }
}
