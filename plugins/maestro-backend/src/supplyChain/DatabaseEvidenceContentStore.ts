import { Knex } from 'knex';
import {
  SbomComponent,
  StoredSbomComponent,
  SUPPRESSING_ANALYSIS_STATES,
  VulnerabilityFinding,
  VulnerabilitySeverity,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  DbSbomComponentRow,
  DbVulnerabilityFindingRow,
  TABLE_SBOM_COMPONENTS,
  TABLE_VULNERABILITY_FINDINGS,
} from '../database/tables';
import {
  fromComponentRow,
  fromFindingRow,
  toComponentRow,
  toFindingRow,
} from './storeRows';
import { ComponentQuery, DocumentFinding } from './types';

/**
 * Rows per INSERT: 500 components of 8 columns stay far below the bound
 * parameter limits of SQLite (32,766) and PostgreSQL (65,535).
 */
export const INSERT_BATCH_SIZE = 500;

/** `%`, `_` and the escape character itself, escaped for LIKE … ESCAPE '\'. */
function likeContaining(text: string): string {
  return `%${text
    .toLocaleLowerCase('en-US')
    .replace(/[\\%_]/g, c => `\\${c}`)}%`;
}

/**
 * What was read from evidence documents: SBOM components and vulnerability
 * findings, written in batches inside the ingesting transaction and queried
 * per document (knex only).
 */
export class DatabaseEvidenceContentStore {
  static fromClient(db: Knex): DatabaseEvidenceContentStore {
    return new DatabaseEvidenceContentStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async insertComponents(
    tx: Knex.Transaction,
    documentId: string,
    components: SbomComponent[],
  ): Promise<void> {
    for (let start = 0; start < components.length; start += INSERT_BATCH_SIZE) {
      await tx(TABLE_SBOM_COMPONENTS).insert(
        components
          .slice(start, start + INSERT_BATCH_SIZE)
          .map(component => toComponentRow(documentId, component)),
      );
    }
  }

  async insertFindings(
    tx: Knex.Transaction,
    documentId: string,
    findings: VulnerabilityFinding[],
  ): Promise<void> {
    for (let start = 0; start < findings.length; start += INSERT_BATCH_SIZE) {
      await tx(TABLE_VULNERABILITY_FINDINGS).insert(
        findings
          .slice(start, start + INSERT_BATCH_SIZE)
          .map(finding => toFindingRow(documentId, finding)),
      );
    }
  }

  /** One page of an SBOM's components, by name, filtered in the database. */
  async pageComponents(
    documentId: string,
    query: ComponentQuery,
  ): Promise<{ items: StoredSbomComponent[]; totalCount: number }> {
    const filtered = this.db<DbSbomComponentRow>(TABLE_SBOM_COMPONENTS)
      .where('document_id', documentId)
      .modify(q => {
        if (query.search) {
          const pattern = likeContaining(query.search);
          q.where(inner =>
            inner
              .whereRaw("lower(name) like ? escape '\\'", [pattern])
              .orWhereRaw("lower(purl) like ? escape '\\'", [pattern]),
          );
        }
        if (query.license) {
          // Licences are a JSON array of strings: match one whole element.
          // SPDX licence IDs compare case-insensitively.
          q.whereRaw("lower(licenses) like ? escape '\\'", [
            likeContaining(JSON.stringify(query.license)),
          ]);
        }
        if (query.type) q.where('type', query.type);
        if (query.relationship) q.where('relationship', query.relationship);
      });
    const [{ count }] = await filtered.clone().count({ count: '*' });
    const rows: DbSbomComponentRow[] = await filtered
      .orderBy([
        { column: 'name', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .offset(query.offset)
      .limit(query.limit);
    return { items: rows.map(fromComponentRow), totalCount: Number(count) };
  }

  /** Distinct licences and types of an SBOM's components, sorted. */
  async componentFacets(
    documentId: string,
  ): Promise<{ licenses: string[]; types: string[] }> {
    const licenseSets: Array<{ licenses: string }> = await this.db(
      TABLE_SBOM_COMPONENTS,
    )
      .distinct('licenses')
      .where('document_id', documentId);
    const types: Array<{ type: string | null }> = await this.db(
      TABLE_SBOM_COMPONENTS,
    )
      .distinct('type')
      .where('document_id', documentId)
      .whereNotNull('type');
    const licenses = new Set<string>();
    for (const row of licenseSets) {
      for (const license of JSON.parse(row.licenses) as string[]) {
        licenses.add(license);
      }
    }
    return {
      licenses: [...licenses].sort((a, b) => a.localeCompare(b)),
      types: types.map(row => row.type!).sort((a, b) => a.localeCompare(b)),
    };
  }

  async listComponents(documentId: string): Promise<StoredSbomComponent[]> {
    const rows: DbSbomComponentRow[] = await this.db(TABLE_SBOM_COMPONENTS)
      .where('document_id', documentId)
      .orderBy('id');
    return rows.map(fromComponentRow);
  }

  async countComponents(documentIds: string[]): Promise<Map<string, number>> {
    if (documentIds.length === 0) return new Map();
    const rows: Array<{ document_id: string; count: number | string }> =
      await this.db(TABLE_SBOM_COMPONENTS)
        .select('document_id')
        .count({ count: '*' })
        .whereIn('document_id', documentIds)
        .groupBy('document_id');
    return new Map(rows.map(row => [row.document_id, Number(row.count)]));
  }

  /**
   * Just what counting needs (ID, package, severity), for many documents.
   * Findings their document suppresses by VEX analysis are left out: they
   * count in no total.
   */
  async listFindingSeverities(
    documentIds: string[],
    severities?: VulnerabilitySeverity[],
  ): Promise<
    Array<{
      documentId: string;
      id: string;
      package: { name: string };
      severity: VulnerabilitySeverity;
    }>
  > {
    if (documentIds.length === 0) return [];
    const rows: Array<{
      document_id: string;
      vulnerability_id: string;
      package_name: string;
      severity: string;
    }> = await this.db(TABLE_VULNERABILITY_FINDINGS)
      .select('document_id', 'vulnerability_id', 'package_name', 'severity')
      .whereIn('document_id', documentIds)
      .where(q =>
        q
          .whereNull('analysis_state')
          .orWhereNotIn('analysis_state', [...SUPPRESSING_ANALYSIS_STATES]),
      )
      .modify(q => {
        if (severities) q.whereIn('severity', severities);
      });
    return rows.map(row => ({
      documentId: row.document_id,
      id: row.vulnerability_id,
      package: { name: row.package_name },
      severity: row.severity as VulnerabilitySeverity,
    }));
  }

  /** Findings of the documents, optionally only some severities; suppressed ones included, with their analysis. */
  async listFindings(
    documentIds: string[],
    severities?: VulnerabilitySeverity[],
  ): Promise<DocumentFinding[]> {
    if (documentIds.length === 0) return [];
    const rows: DbVulnerabilityFindingRow[] = await this.db(
      TABLE_VULNERABILITY_FINDINGS,
    )
      .whereIn('document_id', documentIds)
      .modify(q => {
        if (severities) q.whereIn('severity', severities);
      })
      .orderBy('id');
    return rows.map(fromFindingRow);
  }
}
