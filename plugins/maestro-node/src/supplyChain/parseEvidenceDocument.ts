import {
  DetectedEvidenceDocument,
  NormalizedSbom,
  NormalizedVulnerabilityReport,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { detectEvidenceDocument } from './detect';
import { readCycloneDxBom } from './cyclonedx';
import { parseSpdx } from './spdx';
import { parseTrivy } from './trivy';
import { parseGrype } from './grype';
import { parseSarif } from './sarif';

/**
 * A parsed evidence document. Attestations and signature bundles are only
 * identified here; the signature layer verifies and reads them. `warnings`
 * names what the parser did not read or read only partly (empty when
 * everything was read).
 *
 * @public
 */
export type ParsedEvidenceDocument = { warnings: string[] } & (
  | { detected: DetectedEvidenceDocument; kind: 'sbom'; sbom: NormalizedSbom }
  | {
      detected: DetectedEvidenceDocument;
      kind: 'vulnerability-report';
      report: NormalizedVulnerabilityReport;
    }
  | {
      detected: DetectedEvidenceDocument;
      kind: 'sbom-and-vulnerability-report';
      sbom: NormalizedSbom;
      report: NormalizedVulnerabilityReport;
    }
  | {
      detected: DetectedEvidenceDocument;
      kind: 'attestation' | 'signature-bundle';
    }
);

function report(
  detected: DetectedEvidenceDocument,
  read: NormalizedVulnerabilityReport,
): ParsedEvidenceDocument {
  return {
    detected,
    kind: 'vulnerability-report',
    report: read,
    warnings: read.warnings ?? [],
  };
}

/**
 * Detects a JSON evidence document and runs the matching parser.
 *
 * @throws EvidenceInputError when it is no known document or breaks its format
 * @public
 */
export function parseEvidenceDocument(value: unknown): ParsedEvidenceDocument {
  const detected = detectEvidenceDocument(value);
  switch (detected.format) {
    case 'cyclonedx-json': {
      const bom = readCycloneDxBom(value);
      const { warnings } = bom;
      if (detected.kind === 'sbom-and-vulnerability-report' && bom.report) {
        return { detected, kind: detected.kind, ...bom, report: bom.report };
      }
      if (detected.kind === 'vulnerability-report' && bom.report) {
        return { detected, kind: detected.kind, report: bom.report, warnings };
      }
      return { detected, kind: 'sbom', sbom: bom.sbom, warnings };
    }
    case 'spdx-json': {
      const sbom = parseSpdx(value);
      return { detected, kind: 'sbom', sbom, warnings: sbom.warnings ?? [] };
    }
    case 'trivy-json':
      return report(detected, parseTrivy(value));
    case 'grype-json':
      return report(detected, parseGrype(value));
    case 'sarif':
      return report(detected, parseSarif(value));
    default:
      return {
        detected,
        kind: detected.kind as 'attestation' | 'signature-bundle',
        warnings: [],
      };
  }
}
