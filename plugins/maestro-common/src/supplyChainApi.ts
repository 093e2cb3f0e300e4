/**
 * The supply-chain HTTP API's shapes (under `/api/maestro/supply-chain`),
 * shared by the backend plugin and the frontend client. The normalized
 * evidence itself is in supplyChain.ts.
 *
 * Routes:
 * - `POST /supply-chain/artifacts` — register an image digest for an entity ({@link ArtifactRegistration});
 *   the repository is stored normalized (`nginx` → `docker.io/library/nginx`) and must be the entity's
 *   (its `maestro.io/image` annotation or `maestro.supplyChain.imageOwners`), else 403.
 * - `POST /supply-chain/artifacts/:artifactId/reassign` — `{ entityRef, reason }`: move an artifact and its
 *   evidence to another entity that owns the repository (`maestro.artifact.reassign`, admins) → {@link Artifact}.
 * - `POST /supply-chain/evidence?entityRef=&image=<repo>@sha256:…` — ingest one evidence document
 *   (raw JSON body; format found by content sniffing) → {@link EvidenceIngestResult}.
 * - `GET /supply-chain/artifacts?entityRef=&limit=&offset=` → `{ items: ArtifactSummary[], totalCount }`, newest first.
 * - `GET /supply-chain/artifacts/:artifactId` → {@link ArtifactDetail}.
 * - `GET /supply-chain/artifacts/:artifactId/components?search=&license=&type=&relationship=&offset=&limit=`
 *   → {@link SbomComponentPage}.
 * - `GET /supply-chain/artifacts/:artifactId/vulnerabilities` → `{ items: StoredVulnerabilityFinding[] }`.
 * - `GET /supply-chain/artifacts/:artifactId/gate?channel=prod` → {@link GateVerdict}.
 * - `GET /supply-chain/documents/:documentId/raw` → the stored document as ingested.
 * - `GET /supply-chain/diff?from=<artifactId>&to=<artifactId>` → {@link ArtifactDiff}.
 * - `GET|POST /supply-chain/exemptions`, `DELETE /supply-chain/exemptions/:id` → {@link VulnerabilityExemptionRecord}.
 * - `GET /supply-chain/summary?days=30` → {@link SupplyChainSummary}.
 */
import type {
  EvidenceDocumentFormat,
  EvidenceDocumentKind,
  EvidenceSubject,
  SbomComponent,
  VulnerabilityFinding,
  VulnerabilitySeverity,
} from './supplyChain';

/** Counts per severity; every severity present. @public */
export type SeverityCounts = Record<VulnerabilitySeverity, number>;

/** Body of `POST /supply-chain/artifacts`. @public */
export type ArtifactRegistration = {
  entityRef: string;
  /** Image repository without tag or digest. */
  repository: string;
  /** `sha256:<64 hex>`. */
  digest: string;
  /** Tags are labels only; never used to identify the artifact. */
  tags?: string[];
  commit?: string;
  branch?: string;
  pullRequest?: number;
  /** Link to the CI run that built it. */
  buildRunUrl?: string;
};

/** An image digest of an entity, with what is known about its build. @public */
export type Artifact = {
  id: string;
  entityRef: string;
  repository: string;
  digest: string;
  tags: string[];
  commit?: string;
  branch?: string;
  pullRequest?: number;
  buildRunUrl?: string;
  createdAt: string;
};

/** Result of `POST /supply-chain/evidence`. @public */
export type EvidenceIngestResult = {
  artifact: Artifact;
  document: EvidenceDocumentSummary;
  /** False when the same document was already stored for this artifact (idempotent ingest). */
  created: boolean;
  /**
   * Parts of the document Maestro did not read or read only partly (unknown
   * sections, vulnerabilities without an affected component, unknown rating
   * methods, …); empty when everything was read. Stored with the document.
   */
  warnings: string[];
};

/** A stored evidence document. @public */
export type EvidenceDocumentSummary = {
  id: string;
  artifactId: string;
  kind: EvidenceDocumentKind;
  format: EvidenceDocumentFormat;
  /** Declared format version. */
  version?: string;
  /** `sha256:` of the raw document bytes as ingested (the idempotency key with the artifact). */
  sha256: string;
  sizeBytes: number;
  /** Producing tool, e.g. `trivy 0.50.1`. */
  tool?: string;
  /** What the document says it describes (CycloneDX `metadata.component`, the package an SPDX document DESCRIBES, a scan's target). */
  subject?: EvidenceSubject;
  /** What was not read or only partly, as stated at ingest; absent when everything was read. */
  warnings?: string[];
  ingestedAt: string;
  ingestedBy: string;
};

/** Outcome of verifying a sigstore bundle for an artifact. @public */
export type StoredSignatureVerification = {
  documentId: string;
  verified: boolean;
  reason: string;
  signerSubject?: string;
  signerIssuer?: string;
  integratedTime?: string;
  verifiedAt: string;
};

/** Outcome of checking SLSA provenance for an artifact. @public */
export type StoredProvenanceVerification = {
  documentId: string;
  valid: boolean;
  reason: string;
  predicateType?: string;
  builderId?: string;
  sourceRepository?: string;
  sourceCommit?: string;
  /** Whether the provenance came inside a sigstore bundle that verified. */
  signed: boolean;
  verifiedAt: string;
};

/** One row of the artifact list. @public */
export type ArtifactSummary = Artifact & {
  vulnerabilityCounts: SeverityCounts;
  componentCount: number;
  signatureVerified: boolean;
  /**
   * Whether the gate of the entity's last release channel (prod by default)
   * accepts the artifact's SLSA provenance: an unsigned statement is not
   * valid where that gate needs signed provenance.
   */
  provenanceValid: boolean;
  /** That gate's reason for its provenance condition, e.g. `No usable provenance: …`. */
  provenanceReason: string;
  /** Verdict per release channel of the entity (`dev`, `staging`, `prod`, …). */
  verdicts: Array<{ channel: string; passed: boolean }>;
};

/** `GET /supply-chain/artifacts/:artifactId`. @public */
export type ArtifactDetail = ArtifactSummary & {
  documents: EvidenceDocumentSummary[];
  signatures: StoredSignatureVerification[];
  provenance: StoredProvenanceVerification[];
};

/** A component as stored for an artifact. @public */
export type StoredSbomComponent = SbomComponent & { documentId: string };

/** `GET …/components`. @public */
export type SbomComponentPage = {
  items: StoredSbomComponent[];
  totalCount: number;
  /** Distinct licences and types over all the artifact's components, for filters. */
  facets: { licenses: string[]; types: string[] };
  /**
   * What the current SBOM describes (CycloneDX `metadata.component`, the
   * package an SPDX document DESCRIBES). It is not one of the components and
   * not counted among them.
   */
  subject?: EvidenceSubject;
};

/**
 * A finding as stored for an artifact, with the exemption covering it. A
 * finding its own document suppresses by VEX analysis (see `isSuppressed`)
 * is listed with its `analysis` but counted nowhere.
 *
 * @public
 */
export type StoredVulnerabilityFinding = VulnerabilityFinding & {
  documentId: string;
  scanner: string;
  exemption?: {
    id: string;
    status: 'active' | 'expired';
    expiresAt: string;
  };
};

/** One condition of a gate. @public */
export type GateCheck = {
  /** Stable ID: `signature`, `provenance`, `critical`, `high`, `policy`, `sbom`. */
  id: string;
  title: string;
  passed: boolean;
  /** Why it passed or failed, in words a service owner understands. */
  reason: string;
  /** Exemptions that made a failing condition pass. */
  exemptions?: Array<{
    id: string;
    vulnerabilityId: string;
    owner: string;
    expiresAt: string;
  }>;
};

/** Whether an artifact may enter a channel, and why. @public */
export type GateVerdict = {
  artifactId: string;
  channel: string;
  passed: boolean;
  checks: GateCheck[];
  evaluatedAt: string;
};

/** A component whose version differs between two artifacts. @public */
export type ChangedComponent = {
  name: string;
  type?: string;
  purl?: string;
  fromVersion?: string;
  toVersion?: string;
};

/** `GET /supply-chain/diff`. @public */
export type ArtifactDiff = {
  from: Artifact;
  to: Artifact;
  components: {
    added: SbomComponent[];
    removed: SbomComponent[];
    changed: ChangedComponent[];
  };
  vulnerabilities: {
    introduced: VulnerabilityFinding[];
    fixed: VulnerabilityFinding[];
    fromCounts: SeverityCounts;
    toCounts: SeverityCounts;
  };
};

/** Body of `POST /supply-chain/exemptions`. @public */
export type VulnerabilityExemptionRequest = {
  entityRef: string;
  vulnerabilityId: string;
  /** Limits the exemption to one package name. */
  packageName?: string;
  /** Limits it to one artifact digest or one channel; absent = all of the entity's artifacts. */
  scope?: { digest?: string; channel?: string };
  owner: string;
  reason: string;
  ticket?: string;
  expiresAt: string;
};

/** A stored vulnerability exemption. @public */
export type VulnerabilityExemptionRecord = VulnerabilityExemptionRequest & {
  id: string;
  status: 'active' | 'expired' | 'revoked';
  createdAt: string;
  createdBy: string;
};

/** `GET /supply-chain/summary`: critical/high per service and their trend. @public */
export type SupplyChainSummary = {
  items: Array<{
    entityRef: string;
    latestArtifactId?: string;
    latestDigest?: string;
    counts: SeverityCounts;
    /** One point per day over the window: counts of the newest artifact ingested by that day. */
    trend: Array<{ date: string; critical: number; high: number }>;
  }>;
};
