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
  isMaestroAvailable,
} from './plugin';
export { maestroApiRef, MaestroClient } from './api';
export type {
  ArtifactListQuery,
  EvidenceDocumentDownload,
  LedgerExport,
  MaestroApi,
  PolicyExemptionQuery,
  PolicyExemptionRequest,
  PolicyResultsQuery,
  SbomComponentQuery,
  SupplyChainSummaryQuery,
  VulnerabilityExemptionQuery,
} from './api';
export type { MaestroPageProps } from './components/MaestroPage';
