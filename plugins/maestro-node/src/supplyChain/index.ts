export { EvidenceInputError } from './errors';
export { detectEvidenceDocument, readEvidenceJson } from './detect';
export {
  parseCycloneDx,
  readCycloneDxBom,
  SUPPORTED_CYCLONEDX_VERSIONS,
  type CycloneDxBom,
} from './cyclonedx';
export { parseSpdx, SUPPORTED_SPDX_VERSIONS } from './spdx';
export { parseTrivy } from './trivy';
export { parseGrype } from './grype';
export { parseSarif } from './sarif';
export {
  parseEvidenceDocument,
  type ParsedEvidenceDocument,
} from './parseEvidenceDocument';
export * from './signatures';
