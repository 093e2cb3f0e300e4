import { Knex } from 'knex';
import { DbVulnerabilityExemptionRow } from '../database/tables';

/**
 * The columns every exemption table has (migrations keep one table per
 * kind): a kind's row without what names the exempted thing.
 */
export type DbExemptionColumns = Omit<
  DbVulnerabilityExemptionRow,
  'vulnerability_id' | 'package_name' | 'scope_digest' | 'scope_channel'
>;

/**
 * The queries every exemption table answers, over one kind's table (knex
 * only). The kind gives its row mapping and, optionally, columns of the
 * active-exemption query that narrow it beyond entity and owner.
 */
export class ExemptionTable<
  Stored,
  Row extends DbExemptionColumns,
  ActiveQuery extends object = {},
> {
  constructor(
    private readonly db: Knex,
    private readonly kind: {
      table: string;
      toRow(exemption: Stored): Row;
      fromRow(row: Row): Stored;
      activeColumns?(query: ActiveQuery): Partial<Row>;
    },
  ) {}

  async insertExemption(
    tx: Knex.Transaction,
    exemption: Stored,
  ): Promise<void> {
    await tx(this.kind.table).insert(this.kind.toRow(exemption));
  }

  async getExemption(
    id: string,
    tx?: Knex.Transaction,
  ): Promise<Stored | undefined> {
    const row: Row | undefined = await (tx ?? this.db)(this.kind.table)
      .where({ id })
      .first();
    return row ? this.kind.fromRow(row) : undefined;
  }

  /** Soonest expiry first. */
  async listExemptions(query: {
    entityRef?: string;
    entityRefs?: string[];
  }): Promise<Stored[]> {
    const rows: Row[] = await this.db(this.kind.table)
      .modify(q => {
        if (query.entityRef) q.where('entity_ref', query.entityRef);
        if (query.entityRefs) q.whereIn('entity_ref', query.entityRefs);
      })
      .orderBy([
        { column: 'expires_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(row => this.kind.fromRow(row));
  }

  /**
   * Exemptions of the entity owned by `owner` (and matching the kind's
   * narrowing columns), neither revoked nor expired at `now`; oldest first.
   */
  async listActiveExemptions(
    tx: Knex.Transaction,
    query: { entityRef: string; owner: string; now: string } & ActiveQuery,
  ): Promise<Stored[]> {
    const rows: Row[] = await tx(this.kind.table)
      .where({
        entity_ref: query.entityRef,
        ...this.kind.activeColumns?.(query),
        owner: query.owner,
      })
      .whereNull('revoked_at')
      .where('expires_at', '>', query.now)
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(row => this.kind.fromRow(row));
  }

  /** Returns false when the exemption was already revoked (or does not exist). */
  async revokeExemption(
    tx: Knex.Transaction,
    id: string,
    revokedBy: string,
    revokedAt: string,
  ): Promise<boolean> {
    const updated = await tx(this.kind.table)
      .where({ id })
      .whereNull('revoked_at')
      .update({ revoked_by: revokedBy, revoked_at: revokedAt });
    return updated === 1;
  }
}
