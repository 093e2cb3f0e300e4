/**
 * Grype JSON reports (`grype -o json`) to `NormalizedVulnerabilityReport`.
 * One finding per match. Grype reports the same vulnerability under several
 * IDs (a GHSA and the CVE behind it); `relatedVulnerabilities` become
 * aliases and lend their CVSS data when the match's own record has none.
 *
 * `source` says what was scanned. Grype publishes no JSON schema for this
 * output; its writer (grype/presenter/models/source.go) sets `target` to an
 * object for `image` and `oci-model` sources (userInput, repoDigests,
 * manifestDigest, imageID) and to a string for every other kind:
 * `directory` and `file` (the path), `sbom-file` (the SBOM's path), `purl`
 * and `cpe` (the literal), `snap` (`name@version`), and `unknown` (the word
 * `unknown`). Older releases wrote some of these as objects with a `path`;
 * both forms are read.
 */
import {
  CvssScore,
  EvidenceSubject,
  NormalizedVulnerabilityReport,
  VulnerabilityFinding,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { isJsonObject, ShapeReader } from './documentShape';
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
  const subject = readSource(report.optionalObject('source'));
  if (subject) result.subject = subject;
  const ignored = report.objects('ignoredMatches').length;
  if (ignored > 0) {
    result.warnings = [
      `$.ignoredMatches (${ignored}): matches Grype's ignore rules removed are not read; only its matches count`,
    ];
  }
  const createdAt = descriptor?.optionalString('timestamp');
  if (createdAt) result.createdAt = createdAt;
  return result;
}

/** What the report says was scanned, for every source kind Grype writes. */
function readSource(
  source: ShapeReader | undefined,
): EvidenceSubject | undefined {
  const target = source?.object.target;
  if (!source || target === undefined || target === null) return undefined;
  const type = source.optionalString('type');
  if (typeof target === 'string') {
    if (target === '' || (type === 'unknown' && target === 'unknown')) {
      return undefined;
    }
    return buildSubject(
      type === 'purl' ? { name: target, purl: target } : { name: target },
    );
  }
  if (!isJsonObject(target)) {
    return source.fail('must be a string or an object', 'target');
  }
  const described = source.optionalObject('target')!;
  return buildSubject({
    name:
      described.optionalString('userInput') ?? described.optionalString('path'),
    repoDigests: described.strings('repoDigests'),
    digest: described.optionalString('manifestDigest'),
    imageId: described.optionalString('imageID'),
  });
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
