import { HudUnroutedDeliveries } from '@maestro-conductor/backstage-plugin-maestro-common';
import { Knex } from 'knex';
import { DbHudUnroutedRow, TABLE_HUD_UNROUTED } from '../database/tables';

/** One parked delivery, as the store takes it. */
export type UnroutedDeliveryRecord = {
  id: string;
  eventKey: string;
  payloadDigest: string;
  source: string;
  deliveryId: string;
  type: string;
  annotation: string;
  value: string;
  problem: HudUnroutedDeliveries['problem'];
  claimants: string[];
  reason: string;
  receivedAt: string;
  payload: unknown;
};

/**
 * GitHub deliveries no single trusted entity claims (knex only). A delivery
 * is parked once per delivery key and once per payload: a redelivery or a
 * replay of a parked body adds nothing.
 */
export class DatabaseHudUnroutedStore {
  static fromClient(db: Knex): DatabaseHudUnroutedStore {
    return new DatabaseHudUnroutedStore(db);
  }

  private constructor(private readonly db: Knex) {}

  /** Parks the delivery unless its key or payload is parked; `created` says which. */
  async park(record: UnroutedDeliveryRecord): Promise<{ created: boolean }> {
    const row: DbHudUnroutedRow = {
      id: record.id,
      event_key: record.eventKey,
      payload_sha256: record.payloadDigest,
      source: record.source,
      delivery_id: record.deliveryId,
      event_type: record.type,
      annotation: record.annotation,
      value: record.value,
      problem: record.problem,
      claimants: JSON.stringify([...record.claimants].sort()),
      reason: record.reason,
      received_at: record.receivedAt,
      payload: JSON.stringify(record.payload ?? null),
    };
    // Either unique key (delivery key, payload digest) makes it a duplicate.
    const inserted = await this.db<DbHudUnroutedRow>(TABLE_HUD_UNROUTED)
      .insert(row)
      .onConflict()
      .ignore()
      .returning('id');
    return { created: inserted.length > 0 };
  }

  /**
   * Parked deliveries grouped by what they claim and who claims it, most
   * recently received first; with `entityRef`, the groups it is a claimant of.
   */
  async list(
    query: { entityRef?: string } = {},
  ): Promise<HudUnroutedDeliveries[]> {
    const rows = (await this.db(TABLE_HUD_UNROUTED)
      .select('annotation', 'value', 'problem', 'claimants')
      .count({ deliveries: '*' })
      .min({ first_received_at: 'received_at' })
      .max({ last_received_at: 'received_at', reason: 'reason' })
      .groupBy('annotation', 'value', 'problem', 'claimants')
      .orderBy([
        { column: 'last_received_at', order: 'desc' },
        { column: 'value' },
      ])) as Array<{
      annotation: string;
      value: string;
      problem: string;
      claimants: string;
      reason: string;
      // PostgreSQL counts as bigint, returned as a string.
      deliveries: number | string;
      first_received_at: string;
      last_received_at: string;
    }>;
    return rows
      .map(row => ({
        annotation: row.annotation,
        value: row.value,
        problem: row.problem as HudUnroutedDeliveries['problem'],
        claimants: JSON.parse(row.claimants) as string[],
        reason: row.reason,
        deliveries: Number(row.deliveries),
        firstReceivedAt: row.first_received_at,
        lastReceivedAt: row.last_received_at,
      }))
      .filter(
        group => !query.entityRef || group.claimants.includes(query.entityRef),
      );
  }
}
