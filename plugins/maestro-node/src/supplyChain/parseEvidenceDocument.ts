import {
  DetectedEvidenceDocument,
  NormalizedSbom,
  NormalizedVulnerabilityReport,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { detectEvidenceDocument } from './detect';
import { parseCycloneDx } from './cyclonedx';
import { parseSpdx } from './spdx';
import { parseTrivy } from './trivy';
import { parseGrype } from './grype';
import { parseSarif } from './sarif';

/**
 * A parsed evidence document. Attestations and signature bundles are only
 * identified here; the signature layer verifies and reads them.
 *
 * @public
 */
export type ParsedEvidenceDocument =
  | { detected: DetectedEvidenceDocument; kind: 'sbom'; sbom: NormalizedSbom }
  | {
      detected: DetectedEvidenceDocument;
      kind: 'vulnerability-report';
      report: NormalizedVulnerabilityReport;
    }
  | {
      detected: DetectedEvidenceDocument;
      kind: 'attestation' | 'signature-bundle';
    };

/**
 * Detects a JSON evidence document and runs the matching parser.
 *
 * @throws EvidenceInputError when it is no known document or breaks its format
 * @public
 */
export function parseEvidenceDocument(value: unknown): ParsedEvidenceDocument {
  const detected = detectEvidenceDocument(value);
  switch (detected.format) {
    case 'cyclonedx-json':
      return { detected, kind: 'sbom', sbom: parseCycloneDx(value) };
    case 'spdx-json':
      return { detected, kind: 'sbom', sbom: parseSpdx(value) };
    case 'trivy-json':
      return {
        detected,
        kind: 'vulnerability-report',
        report: parseTrivy(value),
      };
    case 'grype-json':
      return {
        detected,
        kind: 'vulnerability-report',
        report: parseGrype(value),
      };
    case 'sarif':
      return {
        detected,
        kind: 'vulnerability-report',
        report: parseSarif(value),
      };
    default:
      return {
        detected,
        kind: detected.kind as 'attestation' | 'signature-bundle',
      };
  }
}
