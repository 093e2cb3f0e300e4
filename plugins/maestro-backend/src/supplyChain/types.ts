import {
  Artifact,
  EvidenceDocumentSummary,
  StoredProvenanceVerification,
  StoredSignatureVerification,
  VulnerabilityExemptionRecord,
  VulnerabilityFinding,
} from '@maestro-conductor/backstage-plugin-maestro-common';

/** An artifact as stored, with who first registered it. */
export type ArtifactRecord = Artifact & {
  createdBy: string;
  updatedAt: string;
};

/**
 * A stored document. `tool` is `toolName toolVersion`; `toolName` alone keys
 * "the newest report of each scanner".
 */
export type EvidenceDocumentRecord = EvidenceDocumentSummary & {
  toolName?: string;
  toolVersion?: string;
};

/** A finding as read back for an artifact, before exemptions are applied. */
export type DocumentFinding = VulnerabilityFinding & { documentId: string };

export type SignatureRecord = StoredSignatureVerification & {
  artifactId: string;
  /** The verifier's full result, kept for auditors. */
  detail: unknown;
};

export type ProvenanceRecord = StoredProvenanceVerification & {
  artifactId: string;
  detail: unknown;
};

/** A vulnerability exemption as stored; its status is computed on read. */
export type StoredVulnerabilityExemption = Omit<
  VulnerabilityExemptionRecord,
  'status'
> & { revokedBy?: string; revokedAt?: string };

export type ComponentQuery = {
  search?: string;
  license?: string;
  type?: string;
  relationship?: string;
  offset: number;
  limit: number;
};
