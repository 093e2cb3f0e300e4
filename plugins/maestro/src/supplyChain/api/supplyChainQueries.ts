import {
  SbomComponentRelationship,
  VulnerabilityExemptionRecord,
} from '@maestro-conductor/backstage-plugin-maestro-common';

/**
 * Which of an entity's artifacts to list; the backend answers newest first.
 *
 * @public
 */
export type ArtifactListQuery = {
  entityRef: string;
  limit?: number;
  offset?: number;
};

/**
 * Which SBOM components of an artifact to list. Filtering and paging happen
 * on the server, so artifacts with tens of thousands of components stay
 * cheap to browse.
 *
 * @public
 */
export type SbomComponentQuery = {
  /** Part of a component's name or package URL, matched by the backend. */
  search?: string;
  license?: string;
  type?: string;
  relationship?: SbomComponentRelationship;
  offset?: number;
  limit?: number;
};

/**
 * Which stored vulnerability exemptions to list; every field narrows the list.
 *
 * @public
 */
export type VulnerabilityExemptionQuery = {
  entityRef?: string;
  status?: VulnerabilityExemptionRecord['status'];
};

/**
 * The window of the supply-chain summary.
 *
 * @public
 */
export type SupplyChainSummaryQuery = {
  /** Days of trend to return; the backend's default (30) when absent. */
  days?: number;
};

/**
 * A stored evidence document, downloaded as it was ingested.
 *
 * @public
 */
export type EvidenceDocumentDownload = {
  /** File name the backend suggests, else one made from the document ID. */
  filename: string;
  data: Blob;
};
