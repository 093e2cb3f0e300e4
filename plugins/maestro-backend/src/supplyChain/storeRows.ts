/** Row ↔ domain mapping of the supply-chain tables; only the stores use it. */
import {
  EvidenceDocumentFormat,
  EvidenceDocumentKind,
  SbomComponent,
  SbomComponentRelationship,
  StoredSbomComponent,
  VexAnalysisState,
  VulnerabilityAnalysis,
  VulnerabilityFinding,
  VulnerabilitySeverity,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  DbArtifactRow,
  DbEvidenceDocumentRow,
  DbProvenanceVerificationRow,
  DbSbomComponentRow,
  DbSignatureVerificationRow,
  DbVulnerabilityExemptionRow,
  DbVulnerabilityFindingRow,
} from '../database/tables';
import {
  ArtifactRecord,
  DocumentFinding,
  EvidenceDocumentRecord,
  ProvenanceRecord,
  SignatureRecord,
  StoredVulnerabilityExemption,
} from './types';

/** Drops undefined and null values, so optional fields are absent, not null. */
function present<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== null),
  ) as T;
}

export function toArtifactRow(artifact: ArtifactRecord): DbArtifactRow {
  return {
    id: artifact.id,
    entity_ref: artifact.entityRef,
    repository: artifact.repository,
    digest: artifact.digest,
    tags: JSON.stringify(artifact.tags),
    commit_sha: artifact.commit ?? null,
    branch: artifact.branch ?? null,
    pull_request: artifact.pullRequest ?? null,
    build_run_url: artifact.buildRunUrl ?? null,
    created_at: artifact.createdAt,
    created_by: artifact.createdBy,
    updated_at: artifact.updatedAt,
  };
}

export function fromArtifactRow(row: DbArtifactRow): ArtifactRecord {
  return present({
    id: row.id,
    entityRef: row.entity_ref,
    repository: row.repository,
    digest: row.digest,
    tags: JSON.parse(row.tags),
    commit: row.commit_sha ?? undefined,
    branch: row.branch ?? undefined,
    pullRequest:
      row.pull_request === null ? undefined : Number(row.pull_request),
    buildRunUrl: row.build_run_url ?? undefined,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
  });
}

export function fromDocumentRow(
  row: Omit<DbEvidenceDocumentRow, 'content'>,
): EvidenceDocumentRecord {
  const tool = [row.tool_name, row.tool_version].filter(Boolean).join(' ');
  return present({
    id: row.id,
    artifactId: row.artifact_id,
    kind: row.kind as EvidenceDocumentKind,
    format: row.format as EvidenceDocumentFormat,
    version: row.version ?? undefined,
    sha256: row.sha256,
    sizeBytes: Number(row.size_bytes),
    tool: tool || undefined,
    toolName: row.tool_name ?? undefined,
    toolVersion: row.tool_version ?? undefined,
    subject: row.subject ? JSON.parse(row.subject) : undefined,
    warnings: row.warnings ? JSON.parse(row.warnings) : undefined,
    ingestedAt: row.ingested_at,
    ingestedBy: row.ingested_by,
  });
}

/** The columns a document's reading adds to its row (see the 20261202150000 migration). */
export function toDocumentReadingColumns(
  document: Pick<EvidenceDocumentRecord, 'subject' | 'warnings'>,
): Pick<DbEvidenceDocumentRow, 'subject' | 'warnings'> {
  return {
    subject: document.subject ? JSON.stringify(document.subject) : null,
    warnings: document.warnings?.length
      ? JSON.stringify(document.warnings)
      : null,
  };
}

export function toComponentRow(
  documentId: string,
  component: SbomComponent,
): DbSbomComponentRow {
  return {
    document_id: documentId,
    name: component.name,
    version: component.version ?? null,
    purl: component.purl ?? null,
    type: component.type ?? null,
    licenses: JSON.stringify(component.licenses),
    relationship: component.relationship,
    ref: component.ref ?? null,
  };
}

export function fromComponentRow(row: DbSbomComponentRow): StoredSbomComponent {
  return present({
    documentId: row.document_id,
    name: row.name,
    version: row.version ?? undefined,
    purl: row.purl ?? undefined,
    type: row.type ?? undefined,
    licenses: JSON.parse(row.licenses),
    relationship: row.relationship as SbomComponentRelationship,
    ref: row.ref ?? undefined,
  });
}

export function toFindingRow(
  documentId: string,
  finding: VulnerabilityFinding,
): DbVulnerabilityFindingRow {
  return {
    document_id: documentId,
    vulnerability_id: finding.id,
    aliases: JSON.stringify(finding.aliases),
    severity: finding.severity,
    cvss: finding.cvss ? JSON.stringify(finding.cvss) : null,
    package_name: finding.package.name,
    package_type: finding.package.type ?? null,
    package_purl: finding.package.purl ?? null,
    installed_version: finding.installedVersion ?? null,
    fixed_versions: JSON.stringify(finding.fixedVersions),
    target: finding.target ?? null,
    title: finding.title ?? null,
    url: finding.url ?? null,
    analysis_state: finding.analysis?.state ?? null,
    analysis_justification: finding.analysis?.justification ?? null,
    analysis_responses: finding.analysis
      ? JSON.stringify(finding.analysis.responses)
      : null,
    analysis_detail: finding.analysis?.detail ?? null,
  };
}

function fromAnalysisColumns(
  row: DbVulnerabilityFindingRow,
): VulnerabilityAnalysis | undefined {
  if (!row.analysis_state) return undefined;
  return present({
    state: row.analysis_state as VexAnalysisState,
    justification: row.analysis_justification ?? undefined,
    responses: row.analysis_responses ? JSON.parse(row.analysis_responses) : [],
    detail: row.analysis_detail ?? undefined,
  });
}

export function fromFindingRow(
  row: DbVulnerabilityFindingRow,
): DocumentFinding {
  return present({
    documentId: row.document_id,
    id: row.vulnerability_id,
    aliases: JSON.parse(row.aliases),
    severity: row.severity as VulnerabilitySeverity,
    cvss: row.cvss ? JSON.parse(row.cvss) : undefined,
    package: present({
      name: row.package_name,
      type: row.package_type ?? undefined,
      purl: row.package_purl ?? undefined,
    }),
    installedVersion: row.installed_version ?? undefined,
    fixedVersions: JSON.parse(row.fixed_versions),
    target: row.target ?? undefined,
    title: row.title ?? undefined,
    url: row.url ?? undefined,
    analysis: fromAnalysisColumns(row),
  });
}

export function fromSignatureRow(
  row: DbSignatureVerificationRow,
): SignatureRecord {
  return present({
    documentId: row.document_id,
    artifactId: row.artifact_id,
    verified: Boolean(row.verified),
    reason: row.reason,
    signerSubject: row.signer_subject ?? undefined,
    signerIssuer: row.signer_issuer ?? undefined,
    integratedTime: row.integrated_time ?? undefined,
    detail: JSON.parse(row.detail),
    verifiedAt: row.verified_at,
  });
}

export function fromProvenanceRow(
  row: DbProvenanceVerificationRow,
): ProvenanceRecord {
  return present({
    documentId: row.document_id,
    artifactId: row.artifact_id,
    valid: Boolean(row.valid),
    reason: row.reason,
    predicateType: row.predicate_type ?? undefined,
    builderId: row.builder_id ?? undefined,
    sourceRepository: row.source_repository ?? undefined,
    sourceCommit: row.source_commit ?? undefined,
    signed: Boolean(row.signed),
    detail: JSON.parse(row.detail),
    verifiedAt: row.verified_at,
  });
}

export function toExemptionRow(
  exemption: StoredVulnerabilityExemption,
): DbVulnerabilityExemptionRow {
  return {
    id: exemption.id,
    entity_ref: exemption.entityRef,
    vulnerability_id: exemption.vulnerabilityId,
    package_name: exemption.packageName ?? null,
    scope_digest: exemption.scope?.digest ?? null,
    scope_channel: exemption.scope?.channel ?? null,
    owner: exemption.owner,
    reason: exemption.reason,
    ticket: exemption.ticket ?? null,
    expires_at: exemption.expiresAt,
    created_by: exemption.createdBy,
    created_at: exemption.createdAt,
    revoked_by: exemption.revokedBy ?? null,
    revoked_at: exemption.revokedAt ?? null,
  };
}

export function fromExemptionRow(
  row: DbVulnerabilityExemptionRow,
): StoredVulnerabilityExemption {
  const scope = present({
    digest: row.scope_digest ?? undefined,
    channel: row.scope_channel ?? undefined,
  });
  return present({
    id: row.id,
    entityRef: row.entity_ref,
    vulnerabilityId: row.vulnerability_id,
    packageName: row.package_name ?? undefined,
    scope: Object.keys(scope).length > 0 ? scope : undefined,
    owner: row.owner,
    reason: row.reason,
    ticket: row.ticket ?? undefined,
    expiresAt: row.expires_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    revokedBy: row.revoked_by ?? undefined,
    revokedAt: row.revoked_at ?? undefined,
  });
}
