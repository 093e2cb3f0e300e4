/**
 * Trivy JSON reports (`trivy image -f json`, SchemaVersion 2) to
 * `NormalizedVulnerabilityReport`. One finding per entry of
 * `Results[].Vulnerabilities`; misconfigurations, secrets and licences in the
 * same report are not vulnerability evidence and are not read, and findings
 * Trivy itself suppressed (`ExperimentalModifiedFindings`, written with
 * `--show-suppressed`) are not read either: the warnings count them.
 */
import {
  CvssScore,
  NormalizedVulnerabilityReport,
  VulnerabilityFinding,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { ShapeReader } from './documentShape';
import { buildSubject, packageUrlType } from './imageEvidence';
import {
  buildFinding,
  deduplicateFindings,
  splitVersionList,
} from './findings';
import { cvssVersionOf, normalizeSeverity, pickCvss } from './severity';

const FORMAT = 'Trivy';

/** Parts of a result that are not vulnerability findings Maestro counts. */
const UNREAD_RESULT_PARTS: Record<string, string> = {
  Misconfigurations: 'misconfigurations are not read (use the policy checks)',
  Secrets: 'secrets are not read',
  Licenses: 'licence findings are not read',
  ExperimentalModifiedFindings:
    'findings Trivy suppressed (--show-suppressed) are not read; only its reported vulnerabilities count',
};

/**
 * Reads a Trivy JSON report.
 *
 * @throws EvidenceInputError when it is not a SchemaVersion 2 report or breaks its shape
 * @public
 */
export function parseTrivy(doc: unknown): NormalizedVulnerabilityReport {
  const report = ShapeReader.root(FORMAT, doc);
  const schemaVersion = report.optionalNumber('SchemaVersion');
  if (schemaVersion !== 2) {
    report.fail(
      `SchemaVersion must be 2 (found ${
        schemaVersion ?? 'none'
      }); only Trivy JSON reports of schema 2 are supported`,
      'SchemaVersion',
    );
  }

  const findings: VulnerabilityFinding[] = [];
  const unread = new Map<string, number>();
  for (const result of report.objects('Results')) {
    for (const key of Object.keys(UNREAD_RESULT_PARTS)) {
      const count = result.objects(key).length;
      if (count > 0) unread.set(key, (unread.get(key) ?? 0) + count);
    }
    const target = result.optionalString('Target');
    const resultType = result.optionalString('Type');
    for (const vulnerability of result.objects('Vulnerabilities')) {
      const purl = vulnerability
        .optionalObject('PkgIdentifier')
        ?.optionalString('PURL');
      findings.push(
        buildFinding({
          id: vulnerability.requiredString('VulnerabilityID'),
          aliases: [
            ...vulnerability.strings('VendorIDs'),
            ...vulnerability.strings('Aliases'),
          ],
          severity: normalizeSeverity(vulnerability.optionalString('Severity')),
          cvss: pickCvss(readCvss(vulnerability)),
          package: {
            name: vulnerability.requiredString('PkgName'),
            type: packageUrlType(purl) ?? resultType,
            purl,
          },
          installedVersion: vulnerability.optionalString('InstalledVersion'),
          fixedVersions: splitVersionList(
            vulnerability.optionalString('FixedVersion'),
          ),
          target,
          title: vulnerability.optionalString('Title'),
          url: vulnerability.optionalString('PrimaryURL'),
        }),
      );
    }
  }

  const metadata = report.optionalObject('Metadata');
  const trivy = report.optionalObject('Trivy');
  const version = trivy?.optionalString('Version');
  const result: NormalizedVulnerabilityReport = {
    format: 'trivy-json',
    scanner: version ? { name: 'trivy', version } : { name: 'trivy' },
    subject: buildSubject({
      name: report.optionalString('ArtifactName'),
      repoDigests: metadata?.strings('RepoDigests'),
      imageId: metadata?.optionalString('ImageID'),
    }),
    findings: deduplicateFindings(findings),
  };
  const createdAt = report.optionalString('CreatedAt');
  if (createdAt) result.createdAt = createdAt;
  if (unread.size > 0) {
    result.warnings = [...unread].map(
      ([key, count]) =>
        `Results[].${key} (${count}): ${UNREAD_RESULT_PARTS[key]}`,
    );
  }
  return result;
}

/** `CVSS: { nvd: { V3Score, V3Vector, V2Score, V2Vector, V40Score, V40Vector } }`. */
function readCvss(vulnerability: ShapeReader): CvssScore[] {
  const cvss = vulnerability.optionalObject('CVSS');
  if (!cvss) {
    return [];
  }
  const scores: CvssScore[] = [];
  for (const source of Object.keys(cvss.object)) {
    const entry = cvss.optionalObject(source);
    for (const [scoreKey, vectorKey, version] of [
      ['V3Score', 'V3Vector', '3'],
      ['V40Score', 'V40Vector', '4.0'],
      ['V2Score', 'V2Vector', '2.0'],
    ]) {
      const score = entry?.optionalNumber(scoreKey);
      if (score === undefined) continue;
      const vector = entry?.optionalString(vectorKey);
      scores.push({
        score,
        ...(vector ? { vector } : {}),
        version: cvssVersionOf(vector, version),
        source: source.toLowerCase(),
      });
    }
  }
  return scores;
}
