import { Knex } from 'knex';
import {
  DbArtifactRow,
  DbEvidenceDocumentRow,
  DbProvenanceVerificationRow,
  DbSignatureVerificationRow,
  TABLE_ARTIFACTS,
  TABLE_EVIDENCE_DOCUMENTS,
  TABLE_PROVENANCE_VERIFICATIONS,
  TABLE_SIGNATURE_VERIFICATIONS,
} from '../database/tables';
import {
  fromArtifactRow,
  fromDocumentRow,
  fromProvenanceRow,
  fromSignatureRow,
  toArtifactRow,
  toDocumentReadingColumns,
} from './storeRows';
import {
  ArtifactRecord,
  EvidenceDocumentRecord,
  ProvenanceRecord,
  SignatureRecord,
} from './types';

/** Columns of a document without its content. */
const DOCUMENT_COLUMNS = [
  'id',
  'artifact_id',
  'kind',
  'format',
  'version',
  'sha256',
  'size_bytes',
  'tool_name',
  'tool_version',
  'ingested_at',
  'ingested_by',
  'subject',
  'warnings',
];

/**
 * Persistence of artifacts, their evidence documents and verification
 * outcomes (knex only); components and findings are in
 * DatabaseEvidenceContentStore. Mutations take the caller's transaction, so a
 * document, its rows and its ledger entry commit together.
 */
export class DatabaseSupplyChainStore {
  static fromClient(db: Knex): DatabaseSupplyChainStore {
    return new DatabaseSupplyChainStore(db);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Inserts the artifact unless its digest is stored already, and returns the
   * stored one, locked until the transaction ends (PostgreSQL; SQLite
   * serializes writers anyway), so concurrent metadata merges do not lose
   * each other's changes. Concurrent callers all get the row the first wrote.
   */
  async insertArtifactIfAbsent(
    tx: Knex.Transaction,
    artifact: ArtifactRecord,
  ): Promise<{ artifact: ArtifactRecord; created: boolean }> {
    await tx<DbArtifactRow>(TABLE_ARTIFACTS)
      .insert(toArtifactRow(artifact))
      .onConflict('digest')
      .ignore();
    let query = tx<DbArtifactRow>(TABLE_ARTIFACTS).where({
      digest: artifact.digest,
    });
    if (this.db.client.config.client === 'pg') {
      query = query.forUpdate();
    }
    const stored = fromArtifactRow((await query.first())!);
    return { artifact: stored, created: stored.id === artifact.id };
  }

  async updateArtifact(
    tx: Knex.Transaction,
    artifact: ArtifactRecord,
  ): Promise<void> {
    const { id, created_at, created_by, ...changes } = toArtifactRow(artifact);
    await tx<DbArtifactRow>(TABLE_ARTIFACTS).where({ id }).update(changes);
  }

  async getArtifact(
    id: string,
    tx?: Knex.Transaction,
  ): Promise<ArtifactRecord | undefined> {
    const row = await (tx ?? this.db)<DbArtifactRow>(TABLE_ARTIFACTS)
      .where({ id })
      .first();
    return row ? fromArtifactRow(row) : undefined;
  }

  /** The artifact, locked until the transaction ends (PostgreSQL; SQLite serializes writers). */
  async getArtifactForUpdate(
    tx: Knex.Transaction,
    id: string,
  ): Promise<ArtifactRecord | undefined> {
    let query = tx<DbArtifactRow>(TABLE_ARTIFACTS).where({ id });
    if (this.db.client.config.client === 'pg') {
      query = query.forUpdate();
    }
    const row = await query.first();
    return row ? fromArtifactRow(row) : undefined;
  }

  async getArtifactByDigest(
    digest: string,
    tx?: Knex.Transaction,
  ): Promise<ArtifactRecord | undefined> {
    const row = await (tx ?? this.db)<DbArtifactRow>(TABLE_ARTIFACTS)
      .where({ digest })
      .first();
    return row ? fromArtifactRow(row) : undefined;
  }

  /** The given digests that some artifact has. */
  async listArtifactDigests(digests: string[]): Promise<string[]> {
    if (digests.length === 0) return [];
    const rows: Array<{ digest: string }> = await this.db<DbArtifactRow>(
      TABLE_ARTIFACTS,
    )
      .distinct('digest')
      .whereIn('digest', [...new Set(digests)]);
    return rows.map(row => row.digest);
  }

  /** Newest first. */
  async listArtifacts(query: {
    entityRef?: string;
    offset: number;
    limit: number;
  }): Promise<{ items: ArtifactRecord[]; totalCount: number }> {
    const filtered = this.db<DbArtifactRow>(TABLE_ARTIFACTS).modify(q => {
      if (query.entityRef) q.where('entity_ref', query.entityRef);
    });
    const [{ count }] = await filtered.clone().count({ count: '*' });
    const rows: DbArtifactRow[] = await filtered
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .offset(query.offset)
      .limit(query.limit);
    return { items: rows.map(fromArtifactRow), totalCount: Number(count) };
  }

  /**
   * For trends since `since`: every artifact created from then on, plus each
   * entity's newest artifact created before (the one current at the start).
   */
  async listArtifactsForTrend(since: string): Promise<ArtifactRecord[]> {
    const recent: DbArtifactRow[] = await this.db<DbArtifactRow>(
      TABLE_ARTIFACTS,
    ).where('created_at', '>=', since);
    const newestBefore = this.db(TABLE_ARTIFACTS)
      .select('entity_ref')
      .max({ newest: 'created_at' })
      .where('created_at', '<', since)
      .groupBy('entity_ref')
      .as('n');
    const earlier: DbArtifactRow[] = await this.db(`${TABLE_ARTIFACTS} as a`)
      .select('a.*')
      .join(newestBefore, join =>
        join
          .on('a.entity_ref', '=', 'n.entity_ref')
          .andOn('a.created_at', '=', 'n.newest'),
      );
    return [...earlier, ...recent].map(fromArtifactRow);
  }

  /**
   * Inserts the document unless the same bytes are stored for the artifact
   * already; returns the stored document and whether this call created it.
   */
  async insertDocumentIfAbsent(
    tx: Knex.Transaction,
    document: EvidenceDocumentRecord,
    content: Buffer,
  ): Promise<{ document: EvidenceDocumentRecord; created: boolean }> {
    await tx<DbEvidenceDocumentRow>(TABLE_EVIDENCE_DOCUMENTS)
      .insert({
        id: document.id,
        artifact_id: document.artifactId,
        kind: document.kind,
        format: document.format,
        version: document.version ?? null,
        sha256: document.sha256,
        size_bytes: document.sizeBytes,
        tool_name: document.toolName ?? null,
        tool_version: document.toolVersion ?? null,
        content,
        ingested_at: document.ingestedAt,
        ingested_by: document.ingestedBy,
        ...toDocumentReadingColumns(document),
      })
      .onConflict(['artifact_id', 'sha256'])
      .ignore();
    const row: Omit<DbEvidenceDocumentRow, 'content'> = await tx(
      TABLE_EVIDENCE_DOCUMENTS,
    )
      .select(DOCUMENT_COLUMNS)
      .where({ artifact_id: document.artifactId, sha256: document.sha256 })
      .first();
    const stored = fromDocumentRow(row);
    return { document: stored, created: stored.id === document.id };
  }

  async insertSignature(
    tx: Knex.Transaction,
    signature: SignatureRecord,
  ): Promise<void> {
    await tx<DbSignatureVerificationRow>(TABLE_SIGNATURE_VERIFICATIONS).insert({
      document_id: signature.documentId,
      artifact_id: signature.artifactId,
      verified: signature.verified,
      reason: signature.reason,
      signer_subject: signature.signerSubject ?? null,
      signer_issuer: signature.signerIssuer ?? null,
      integrated_time: signature.integratedTime ?? null,
      detail: JSON.stringify(signature.detail),
      verified_at: signature.verifiedAt,
    });
  }

  async insertProvenance(
    tx: Knex.Transaction,
    provenance: ProvenanceRecord,
  ): Promise<void> {
    await tx<DbProvenanceVerificationRow>(
      TABLE_PROVENANCE_VERIFICATIONS,
    ).insert({
      document_id: provenance.documentId,
      artifact_id: provenance.artifactId,
      valid: provenance.valid,
      reason: provenance.reason,
      predicate_type: provenance.predicateType ?? null,
      builder_id: provenance.builderId ?? null,
      source_repository: provenance.sourceRepository ?? null,
      source_commit: provenance.sourceCommit ?? null,
      signed: provenance.signed,
      detail: JSON.stringify(provenance.detail),
      verified_at: provenance.verifiedAt,
    });
  }

  /** Documents of the artifacts, without content, newest first. */
  async listDocuments(
    artifactIds: string[],
  ): Promise<EvidenceDocumentRecord[]> {
    if (artifactIds.length === 0) return [];
    const rows: DbEvidenceDocumentRow[] = await this.db(
      TABLE_EVIDENCE_DOCUMENTS,
    )
      .select(DOCUMENT_COLUMNS)
      .whereIn('artifact_id', artifactIds)
      .orderBy([
        { column: 'ingested_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    return rows.map(fromDocumentRow);
  }

  async getDocumentContent(
    id: string,
  ): Promise<
    { document: EvidenceDocumentRecord; content: Buffer } | undefined
  > {
    const row = await this.db<DbEvidenceDocumentRow>(TABLE_EVIDENCE_DOCUMENTS)
      .where({ id })
      .first();
    if (!row) return undefined;
    return {
      document: fromDocumentRow(row),
      content: Buffer.from(row.content),
    };
  }

  async listSignatures(artifactIds: string[]): Promise<SignatureRecord[]> {
    if (artifactIds.length === 0) return [];
    const rows: DbSignatureVerificationRow[] = await this.db(
      TABLE_SIGNATURE_VERIFICATIONS,
    )
      .whereIn('artifact_id', artifactIds)
      .orderBy('verified_at', 'desc');
    return rows.map(fromSignatureRow);
  }

  async listProvenance(artifactIds: string[]): Promise<ProvenanceRecord[]> {
    if (artifactIds.length === 0) return [];
    const rows: DbProvenanceVerificationRow[] = await this.db(
      TABLE_PROVENANCE_VERIFICATIONS,
    )
      .whereIn('artifact_id', artifactIds)
      .orderBy('verified_at', 'desc');
    return rows.map(fromProvenanceRow);
  }
}
