import { Knex } from 'knex';
import {
  PolicyBypassRecord,
  PolicyExemptionRecord,
  StoredPolicyEvaluation,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  DbPolicyBypassRow,
  DbPolicyEvaluationRow,
  DbPolicyExemptionRow,
  DbPolicyFindingRow,
  TABLE_POLICY_BYPASSES,
  TABLE_POLICY_EVALUATIONS,
  TABLE_POLICY_EXEMPTIONS,
  TABLE_POLICY_FINDINGS,
} from '../database/tables';
import { ExemptionTable } from '../exemptions/ExemptionTable';

export type StoredExemption = Omit<PolicyExemptionRecord, 'status'>;

/** Persistence of policy evaluations, exemptions and bypasses (knex only). */
export class DatabasePolicyStore {
  static fromClient(db: Knex): DatabasePolicyStore {
    return new DatabasePolicyStore(db);
  }

  private readonly exemptions: ExemptionTable<
    StoredExemption,
    DbPolicyExemptionRow,
    { ruleId: string }
  >;

  private constructor(private readonly db: Knex) {
    this.exemptions = new ExemptionTable(db, {
      table: TABLE_POLICY_EXEMPTIONS,
      toRow: toExemptionRow,
      fromRow: toExemption,
      activeColumns: query => ({ rule_id: query.ruleId }),
    });
  }

  async insertEvaluation(
    tx: Knex.Transaction,
    evaluation: StoredPolicyEvaluation,
  ): Promise<void> {
    const { report } = evaluation;
    await tx<DbPolicyEvaluationRow>(TABLE_POLICY_EVALUATIONS).insert({
      id: evaluation.id,
      entity_ref: evaluation.entityRef,
      image_digest: evaluation.imageDigest ?? null,
      source: evaluation.source,
      profile: report.profile,
      passed: report.passed,
      deny_count: report.summary.deny,
      warn_count: report.summary.warn,
      exempted_count: report.summary.exempted,
      report: JSON.stringify(report),
      evaluated_at: evaluation.evaluatedAt,
      evaluated_by: evaluation.evaluatedBy,
    });
    const findings: DbPolicyFindingRow[] = report.findings.map(finding => ({
      evaluation_id: evaluation.id,
      rule_id: finding.ruleId,
      severity: finding.severity,
      exempted: finding.exemption?.status === 'active',
    }));
    // Batched to stay below SQLite's bound-parameter limit.
    for (let start = 0; start < findings.length; start += 200) {
      await tx(TABLE_POLICY_FINDINGS).insert(
        findings.slice(start, start + 200),
      );
    }
  }

  async listEvaluations(query: {
    entityRef?: string;
    imageDigest?: string;
    limit: number;
  }): Promise<StoredPolicyEvaluation[]> {
    const rows: DbPolicyEvaluationRow[] = await this.db<DbPolicyEvaluationRow>(
      TABLE_POLICY_EVALUATIONS,
    )
      .modify(q => {
        if (query.entityRef) q.where('entity_ref', query.entityRef);
        if (query.imageDigest) q.where('image_digest', query.imageDigest);
      })
      .orderBy([
        { column: 'evaluated_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(query.limit);
    return rows.map(row => ({
      id: row.id,
      entityRef: row.entity_ref,
      imageDigest: row.image_digest ?? undefined,
      source: row.source,
      evaluatedAt: row.evaluated_at,
      evaluatedBy: row.evaluated_by,
      report: JSON.parse(row.report),
    }));
  }

  /** Unexempted findings and evaluations per rule, across stored evaluations. */
  async ruleStats(): Promise<
    Map<string, { fired: number; evaluations: number }>
  > {
    const rows: Array<{
      rule_id: string;
      fired: number | string;
      evaluations: number | string;
    }> = await this.db(TABLE_POLICY_FINDINGS)
      .select('rule_id')
      .count({ fired: '*' })
      .countDistinct({ evaluations: 'evaluation_id' })
      .where('exempted', false)
      .groupBy('rule_id');
    return new Map(
      rows.map(row => [
        row.rule_id,
        { fired: Number(row.fired), evaluations: Number(row.evaluations) },
      ]),
    );
  }

  insertExemption(
    tx: Knex.Transaction,
    exemption: StoredExemption,
  ): Promise<void> {
    return this.exemptions.insertExemption(tx, exemption);
  }

  getExemption(
    id: string,
    tx?: Knex.Transaction,
  ): Promise<StoredExemption | undefined> {
    return this.exemptions.getExemption(id, tx);
  }

  /** Soonest expiry first. */
  listExemptions(query: { entityRef?: string }): Promise<StoredExemption[]> {
    return this.exemptions.listExemptions(query);
  }

  /**
   * Exemptions of the entity from the rule, owned by `owner`, neither revoked
   * nor expired at `now`; oldest first.
   */
  listActiveExemptions(
    tx: Knex.Transaction,
    query: { entityRef: string; ruleId: string; owner: string; now: string },
  ): Promise<StoredExemption[]> {
    return this.exemptions.listActiveExemptions(tx, query);
  }

  /** Returns false when the exemption was already revoked (or does not exist). */
  revokeExemption(
    tx: Knex.Transaction,
    id: string,
    revokedBy: string,
    revokedAt: string,
  ): Promise<boolean> {
    return this.exemptions.revokeExemption(tx, id, revokedBy, revokedAt);
  }

  async insertBypass(
    tx: Knex.Transaction,
    bypass: PolicyBypassRecord,
  ): Promise<void> {
    await tx<DbPolicyBypassRow>(TABLE_POLICY_BYPASSES).insert({
      id: bypass.id,
      entity_ref: bypass.entityRef,
      image_digest: bypass.imageDigest ?? null,
      reason: bypass.reason,
      created_by: bypass.createdBy,
      created_at: bypass.createdAt,
      ledger_sequence: bypass.ledgerSequence,
    });
  }

  async listBypasses(entityRef: string): Promise<PolicyBypassRecord[]> {
    const rows = await this.db<DbPolicyBypassRow>(TABLE_POLICY_BYPASSES)
      .where({ entity_ref: entityRef })
      .orderBy('created_at', 'desc');
    return rows.map(row => ({
      id: row.id,
      entityRef: row.entity_ref,
      imageDigest: row.image_digest ?? undefined,
      reason: row.reason,
      createdBy: row.created_by,
      createdAt: row.created_at,
      ledgerSequence: Number(row.ledger_sequence),
    }));
  }

  /** Bypasses recorded at or after `since`, per entity that has any. */
  async countBypasses(query: {
    entityRef?: string;
    since: string;
  }): Promise<Array<{ entityRef: string; count: number }>> {
    const rows: Array<{ entity_ref: string; count: unknown }> = await this.db(
      TABLE_POLICY_BYPASSES,
    )
      .select('entity_ref')
      .count({ count: '*' })
      .where('created_at', '>=', query.since)
      .modify(q => {
        if (query.entityRef) q.where('entity_ref', query.entityRef);
      })
      .groupBy('entity_ref')
      .orderBy('entity_ref');
    return rows.map(row => ({
      entityRef: row.entity_ref,
      count: Number(row.count),
    }));
  }
}

function toExemptionRow(exemption: StoredExemption): DbPolicyExemptionRow {
  return {
    id: exemption.id,
    entity_ref: exemption.entityRef,
    rule_id: exemption.ruleId,
    selector: JSON.stringify(exemption.selector),
    owner: exemption.owner,
    reason: exemption.reason,
    ticket: exemption.ticket,
    expires_at: exemption.expiresAt,
    created_by: exemption.createdBy,
    created_at: exemption.createdAt,
    revoked_by: null,
    revoked_at: null,
  };
}

function toExemption(row: DbPolicyExemptionRow): StoredExemption {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    ruleId: row.rule_id,
    selector: JSON.parse(row.selector),
    owner: row.owner,
    reason: row.reason,
    ticket: row.ticket,
    expiresAt: row.expires_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    revokedBy: row.revoked_by ?? undefined,
    revokedAt: row.revoked_at ?? undefined,
  };
}
