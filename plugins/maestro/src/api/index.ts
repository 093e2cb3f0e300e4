export { maestroApiRef } from './MaestroApi';
export type {
  HudApi,
  LedgerApi,
  LedgerExport,
  MaestroApi,
  MaestroCreateOptions,
  PolicyApi,
  PolicyExemptionQuery,
  PolicyExemptionRequest,
  PolicyResultsQuery,
  ServicesApi,
  SupplyChainApi,
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
