import { useApi } from '@backstage/core-plugin-api';
import { maestroApiRef } from '../../api/MaestroApi';
import type { SupplyChainApi } from './SupplyChainApi';

export type { SupplyChainApi } from './SupplyChainApi';
export type {
  ArtifactListQuery,
  SbomComponentQuery,
  VulnerabilityExemptionQuery,
  SupplyChainSummaryQuery,
  EvidenceDocumentDownload,
} from './supplyChainQueries';

/** The Maestro API as the supply-chain views sees it: only its own part. */
export function useSupplyChainApi(): SupplyChainApi {
  return useApi(maestroApiRef);
}
