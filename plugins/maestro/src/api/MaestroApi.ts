import { createApiRef } from '@backstage/core-plugin-api';
import {
  ArtifactDetail,
  ArtifactDiff,
  ArtifactSummary,
  EntityTimeline,
  GateVerdict,
  HudAlert,
  HudMetrics,
  HudUnroutedDeliveries,
  LedgerPage,
  LedgerQuery,
  LedgerVerification,
  MaestroServiceList,
  PolicyExemptionRecord,
  PolicyRuleSummary,
  PullRequestTimeline,
  SbomComponentPage,
  StoredPolicyEvaluation,
  StoredVulnerabilityFinding,
  SupplyChainSummary,
  VulnerabilityExemptionRecord,
  VulnerabilityExemptionRequest,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  ArtifactListQuery,
  EvidenceDocumentDownload,
  SbomComponentQuery,
  SupplyChainSummaryQuery,
  VulnerabilityExemptionQuery,
} from '../supplyChain/api/supplyChainQueries';
import {
  HudAlertQuery,
  HudMetricsQuery,
  HudTimelineQuery,
  HudUnroutedQuery,
  PullRequestTimelineQuery,
} from '../hud/api/hudQueries';

/**
 * A download of the whole audit ledger, as newline-delimited JSON.
 *
 * @public
 */
export type LedgerExport = {
  /** File name the backend suggests, e.g. `maestro-ledger-2026-11-23.ndjson`. */
  filename: string;
  data: Blob;
};

/**
 * Which stored exemptions to list; every field narrows the list.
 *
 * @public
 */
export type PolicyExemptionQuery = {
  entityRef?: string;
  status?: PolicyExemptionRecord['status'];
};

/**
 * Options of a create. `idempotencyKey` is sent as the `Idempotency-Key`
 * header: sending the same request again with the same key (a retry after a
 * lost answer) gets the first answer instead of acting twice. Without one,
 * the client makes up a fresh key for the call.
 *
 * @public
 */
export type MaestroCreateOptions = {
  idempotencyKey?: string;
};

/**
 * A new exemption from a policy rule for one entity. `expiresAt` (ISO 8601)
 * is mandatory: exemptions never last forever.
 *
 * @public
 */
export type PolicyExemptionRequest = {
  entityRef: string;
  ruleId: string;
  /** Narrows the exemption beyond the entity, e.g. to one resource or file. */
  selector?: Omit<PolicyExemptionRecord['selector'], 'entityRef'>;
  owner: string;
  reason: string;
  ticket: string;
  expiresAt: string;
};

/**
 * Which stored policy evaluations to list, newest first.
 *
 * @public
 */
export type PolicyResultsQuery = {
  entityRef: string;
  imageDigest?: string;
  limit?: number;
};

/**
 * Client of the Maestro backend plugin.
 *
 * @public
 */
export interface MaestroApi {
  /** Catalog components under Maestro (annotated `maestro.io/image`). */
  listServices(): Promise<MaestroServiceList>;

  /** One page of the audit ledger, oldest first unless `order: 'desc'`. */
  getLedger(query?: LedgerQuery): Promise<LedgerPage>;

  /** Recomputes the ledger's hash chain on the backend. */
  verifyLedger(): Promise<LedgerVerification>;

  /**
   * Absolute URL of the NDJSON export, for tools that bring their own
   * Backstage token (`curl -H "Authorization: Bearer …"`).
   */
  getLedgerExportUrl(): Promise<string>;

  /**
   * Downloads the NDJSON export with the signed-in user's credentials.
   * Rejects with a `ResponseError` (403) without `maestro.ledger.export`.
   */
  exportLedger(): Promise<LedgerExport>;

  /** Every policy rule the backend enforces, with how often each fired. */
  listPolicyRules(): Promise<{ items: PolicyRuleSummary[] }>;

  /** Stored exemptions, optionally of one entity or in one status. */
  listPolicyExemptions(
    query?: PolicyExemptionQuery,
  ): Promise<{ items: PolicyExemptionRecord[] }>;

  /**
   * Records an exemption. Rejects with a `ResponseError` (403) unless the
   * user owns the entity or administers policies. When an identical active
   * exemption exists, resolves with that one instead of adding another.
   */
  createPolicyExemption(
    request: PolicyExemptionRequest,
    options?: MaestroCreateOptions,
  ): Promise<PolicyExemptionRecord>;

  /** Withdraws an exemption; it stays on record as `revoked`. */
  revokePolicyExemption(id: string): Promise<void>;

  /** Stored policy evaluations of an entity, newest first. */
  listPolicyResults(
    query: PolicyResultsQuery,
  ): Promise<{ items: StoredPolicyEvaluation[] }>;

  /** An entity's image digests, newest first, one page at a time. */
  listArtifacts(
    query: ArtifactListQuery,
  ): Promise<{ items: ArtifactSummary[]; totalCount: number }>;

  /** One artifact with its evidence documents and verification outcomes. */
  getArtifact(artifactId: string): Promise<ArtifactDetail>;

  /**
   * One page of an artifact's SBOM components, filtered on the server, with
   * the licences and types of all its components for filters.
   */
  listArtifactComponents(
    artifactId: string,
    query?: SbomComponentQuery,
  ): Promise<SbomComponentPage>;

  /** Every vulnerability finding stored for an artifact, with exemptions. */
  listArtifactVulnerabilities(
    artifactId: string,
  ): Promise<{ items: StoredVulnerabilityFinding[] }>;

  /** Whether the artifact may enter a release channel, check by check. */
  getGateVerdict(artifactId: string, channel: string): Promise<GateVerdict>;

  /**
   * Downloads a stored evidence document as it was ingested, with the
   * signed-in user's credentials.
   */
  downloadEvidenceDocument(
    documentId: string,
  ): Promise<EvidenceDocumentDownload>;

  /** What changed from one artifact to another: components and findings. */
  diffArtifacts(
    fromArtifactId: string,
    toArtifactId: string,
  ): Promise<ArtifactDiff>;

  /** Stored vulnerability exemptions, optionally of one entity or status. */
  listVulnerabilityExemptions(
    query?: VulnerabilityExemptionQuery,
  ): Promise<{ items: VulnerabilityExemptionRecord[] }>;

  /**
   * Records a vulnerability exemption. Rejects with a `ResponseError` (403)
   * unless the user owns the entity or administers policies. When an
   * identical active exemption exists, resolves with that one instead.
   */
  createVulnerabilityExemption(
    request: VulnerabilityExemptionRequest,
    options?: MaestroCreateOptions,
  ): Promise<VulnerabilityExemptionRecord>;

  /** Withdraws a vulnerability exemption; it stays on record as `revoked`. */
  revokeVulnerabilityExemption(id: string): Promise<void>;

  /** Critical and high findings per service and their daily trend. */
  getSupplyChainSummary(
    query?: SupplyChainSummaryQuery,
  ): Promise<SupplyChainSummary>;

  /**
   * An entity's build timeline: its pull requests (open first) each with
   * its latest run, and its recent runs on all branches, newest first.
   */
  getHudTimeline(query: HudTimelineQuery): Promise<EntityTimeline>;

  /** One pull request of an entity with all its runs, newest first. */
  getPullRequestTimeline(
    query: PullRequestTimelineQuery,
  ): Promise<PullRequestTimeline>;

  /**
   * Success rate, durations, policy violations and previews in use over the
   * last `days` days, per day; org-wide without `entityRef`.
   */
  getHudMetrics(query: HudMetricsQuery): Promise<HudMetrics>;

  /** Build HUD alerts, of one entity or of all entities. */
  listHudAlerts(query?: HudAlertQuery): Promise<{ items: HudAlert[] }>;

  /**
   * GitHub deliveries parked because several trusted entities, or only
   * untrusted ones, claim their repository; of one claimant or all.
   */
  listHudUnrouted(
    query?: HudUnroutedQuery,
  ): Promise<{ items: HudUnroutedDeliveries[] }>;
}

/**
 * Reference to the {@link MaestroApi} implementation in the app.
 *
 * @public
 */
export const maestroApiRef = createApiRef<MaestroApi>({
  id: 'plugin.maestro.service',
});
