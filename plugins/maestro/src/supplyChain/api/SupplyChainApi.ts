import {
  ArtifactDetail,
  ArtifactDiff,
  ArtifactSummary,
  GateVerdict,
  SbomComponentPage,
  StoredVulnerabilityFinding,
  SupplyChainSummary,
  VulnerabilityExemptionRecord,
  VulnerabilityExemptionRequest,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { MaestroCreateOptions } from '../../shared/api/MaestroCreateOptions';
import {
  ArtifactListQuery,
  EvidenceDocumentDownload,
  SbomComponentQuery,
  SupplyChainSummaryQuery,
  VulnerabilityExemptionQuery,
} from './supplyChainQueries';

/**
 * Artifacts with their evidence, vulnerabilities and exemptions, gates, diffs and the supply-chain summary.
 *
 * @public
 */
export interface SupplyChainApi {
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
}
