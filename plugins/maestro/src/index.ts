/**
 * Maestro frontend plugin: the portal page and the catalog entity tab that
 * show the path of every service from commit to production.
 *
 * @packageDocumentation
 */

export {
  maestroPlugin,
  MaestroPage,
  EntityMaestroContent,
  EntitySupplyChainContent,
  EntityBuildsContent,
  isMaestroAvailable,
} from './plugin';
export { maestroApiRef, MaestroClient } from './api';
export type {
  ArtifactListQuery,
  EvidenceDocumentDownload,
  HudAlertQuery,
  HudApi,
  HudMetricsDays,
  HudMetricsQuery,
  HudTimelineQuery,
  HudUnroutedQuery,
  LedgerApi,
  LedgerExport,
  MaestroApi,
  MaestroCreateOptions,
  PolicyApi,
  PolicyExemptionQuery,
  PolicyExemptionRequest,
  PolicyResultsQuery,
  PullRequestTimelineQuery,
  SbomComponentQuery,
  ServicesApi,
  SupplyChainApi,
  SupplyChainSummaryQuery,
  VulnerabilityExemptionQuery,
} from './api';
export type { MaestroPageProps } from './services';
