export { maestroApiRef } from './MaestroApi';
export type {
  LedgerExport,
  MaestroApi,
  MaestroCreateOptions,
  PolicyExemptionQuery,
  PolicyExemptionRequest,
  PolicyResultsQuery,
} from './MaestroApi';
export { MaestroClient } from './MaestroClient';
export type {
  ArtifactListQuery,
  EvidenceDocumentDownload,
  SbomComponentQuery,
  SupplyChainSummaryQuery,
  VulnerabilityExemptionQuery,
} from '../supplyChain/api/supplyChainQueries';
export type {
  HudAlertQuery,
  HudMetricsDays,
  HudMetricsQuery,
  HudTimelineQuery,
  HudUnroutedQuery,
  PullRequestTimelineQuery,
} from '../hud/api/hudQueries';
