/**
 * Grype JSON reports (`grype -o json`) to `NormalizedVulnerabilityReport`.
 * One finding per match. Grype reports the same vulnerability under several
 * IDs (a GHSA and the CVE behind it); `relatedVulnerabilities` become
 * aliases and lend their CVSS data when the match's own record has none.
 */
import {
  CvssScore,
  NormalizedVulnerabilityReport,
  VulnerabilityFinding,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { ShapeReader } from './documentShape';
import { buildSubject, packageUrlType } from './imageEvidence';
import { buildFinding, deduplicateFindings } from './findings';
import {
  cvssVersionOf,
  normalizeCvssSource,
  normalizeSeverity,
  pickCvss,
} from './severity';

const FORMAT = 'Grype';

/**
 * Reads a Grype JSON report.
 *
 * @throws EvidenceInputError when it is not a Grype report or breaks its shape
 * @public
 */
export function parseGrype(doc: unknown): NormalizedVulnerabilityReport {
  const report = ShapeReader.root(FORMAT, doc);
  const descriptor = report.optionalObject('descriptor');
  if (descriptor?.optionalString('name') !== 'grype') {
    report.fail("is not a Grype report (descriptor.name must be 'grype')");
  }
  if (!Array.isArray(report.object.matches)) {
    report.fail('must be an array', 'matches');
  }

  const findings: VulnerabilityFinding[] = report
    .objects('matches')
    .map(match => {
      const vulnerability =
        match.optionalObject('vulnerability') ??
        match.fail('is required', 'vulnerability');
      const artifact =
        match.optionalObject('artifact') ??
        match.fail('is required', 'artifact');
      const related = match.objects('relatedVulnerabilities');
      const purl = artifact.optionalString('purl');
      return buildFinding({
        id: vulnerability.requiredString('id'),
        aliases: related.map(entry => entry.optionalString('id')),
        severity: normalizeSeverity(vulnerability.optionalString('severity')),
        cvss: pickCvss([
          ...readCvss(vulnerability),
          ...related.flatMap(readCvss),
        ]),
        package: {
          name: artifact.requiredString('name'),
          type: packageUrlType(purl) ?? artifact.optionalString('type'),
          purl,
        },
        installedVersion: artifact.optionalString('version'),
        fixedVersions:
          vulnerability.optionalObject('fix')?.strings('versions') ?? [],
        target: artifact.objects('locations')[0]?.optionalString('path'),
        url:
          vulnerability.optionalString('dataSource') ??
          vulnerability.strings('urls')[0],
      });
    });

  const version = descriptor?.optionalString('version');
  const result: NormalizedVulnerabilityReport = {
    format: 'grype-json',
    scanner: version ? { name: 'grype', version } : { name: 'grype' },
    findings: deduplicateFindings(findings),
  };
  const source = report.optionalObject('source');
  const target = source?.optionalObject('target');
  if (target) {
    // Image sources describe the image; directory sources only have a path string.
    result.subject = buildSubject({
      name: target.optionalString('userInput'),
      repoDigests: target.strings('repoDigests'),
      digest: target.optionalString('manifestDigest'),
      imageId: target.optionalString('imageID'),
    });
  } else if (typeof source?.object.target === 'string') {
    result.subject = buildSubject({ name: source.object.target });
  }
  const createdAt = descriptor?.optionalString('timestamp');
  if (createdAt) result.createdAt = createdAt;
  return result;
}

/** `cvss: [{ source, version, vector, metrics: { baseScore } }]`. */
function readCvss(record: ShapeReader): CvssScore[] {
  return record.objects('cvss').flatMap(entry => {
    const score = entry.optionalObject('metrics')?.optionalNumber('baseScore');
    if (score === undefined) return [];
    const vector = entry.optionalString('vector');
    const source = normalizeCvssSource(entry.optionalString('source'));
    const cvss: CvssScore = { score };
    if (vector) cvss.vector = vector;
    const version = cvssVersionOf(vector, entry.optionalString('version'));
    if (version) cvss.version = version;
    if (source) cvss.source = source;
    return [cvss];
  });
}
