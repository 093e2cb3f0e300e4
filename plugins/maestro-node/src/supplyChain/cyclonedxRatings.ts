/**
 * One severity from a CycloneDX vulnerability's `ratings`.
 *
 * A BOM lists every source's rating side by side (Trivy writes one per
 * vendor and CVSS version, Grype one per CVSS vector, VEX authors add their
 * own environmental score), so one must be chosen. The choice, in order:
 *
 * 1. the rating of the vulnerability's own source (`vulnerabilities[].source`,
 *    the advisory the tool matched: Trivy's vendor severity);
 * 2. ratings without a source (the writing tool's own assessment: Grype puts
 *    its severity on each of its ratings);
 * 3. for a `GHSA-` ID, GitHub's (`ghsa`);
 * 4. NVD's;
 * 5. otherwise the highest severity of the remaining ratings.
 *
 * Within one source, CVSS v3.1 comes before v3.0, v4.0, v2 and other
 * methods. A rating's severity is its `severity` word; a CVSS rating without
 * one is banded by its score. Ratings with neither (EPSS probabilities, CISA
 * KEV markers) are not severities. On Trivy's own test data this gives the
 * `Severity` Trivy's JSON report states for the same scan.
 */
import {
  compareSeverity,
  CvssScore,
  VulnerabilitySeverity,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { ShapeReader } from './documentShape';
import {
  cvssVersionOf,
  isSeverityWord,
  normalizeCvssSource,
  normalizeSeverity,
  pickCvss,
  severityFromScore,
} from './severity';

/** CycloneDX `ratings[].method` → the CVSS version it scores with. */
const CVSS_METHODS: Record<string, string> = {
  CVSSv31: '3.1',
  CVSSv3: '3.0',
  CVSSv4: '4.0',
  CVSSv2: '2.0',
};

/** Methods CycloneDX defines (1.4–1.7), plus `EPSS`, which Grype writes. */
const KNOWN_METHODS = new Set([
  ...Object.keys(CVSS_METHODS),
  'OWASP',
  'SSVC',
  'other',
  'EPSS',
]);

const METHOD_RANK = ['CVSSv31', 'CVSSv3', 'CVSSv4', 'CVSSv2'];

export type Rating = {
  /** `source.name` as written. */
  source?: string;
  method?: string;
  severity?: VulnerabilitySeverity;
  cvss?: CvssScore;
};

/** The ratings of one vulnerability; unknown methods are added to `unknownMethods`. */
export function readRatings(
  vulnerability: ShapeReader,
  unknownMethods: Set<string>,
): Rating[] {
  return vulnerability.objects('ratings').map(entry => {
    const method = entry.optionalString('method');
    if (method && !KNOWN_METHODS.has(method)) unknownMethods.add(method);
    const source = entry.optionalObject('source')?.optionalString('name');
    const score = entry.optionalNumber('score');
    const word = entry.optionalString('severity');
    const cvssVersion = method ? CVSS_METHODS[method] : undefined;
    const rating: Rating = {};
    if (source) rating.source = source;
    if (method) rating.method = method;
    if (word && isSeverityWord(word)) {
      rating.severity = normalizeSeverity(word);
    } else if (cvssVersion && score !== undefined) {
      rating.severity = severityFromScore(score);
    }
    if (cvssVersion && score !== undefined) {
      const vector = entry.optionalString('vector');
      const cvss: CvssScore = {
        score,
        version: cvssVersionOf(vector, cvssVersion),
      };
      if (vector) cvss.vector = vector;
      const normalizedSource = normalizeCvssSource(source);
      if (normalizedSource) cvss.source = normalizedSource;
      rating.cvss = cvss;
    }
    return rating;
  });
}

function methodRank(rating: Rating): number {
  const rank = METHOD_RANK.indexOf(rating.method ?? '');
  return rank < 0 ? METHOD_RANK.length : rank;
}

/** The severity by the order above; undefined when no rating states one. */
export function chooseSeverity(input: {
  id: string;
  /** `vulnerabilities[].source.name`. */
  source?: string;
  ratings: Rating[];
}): VulnerabilitySeverity | undefined {
  const rated = input.ratings.filter(rating => rating.severity !== undefined);
  const own = input.source?.toLowerCase();
  const tiers: Array<(rating: Rating) => boolean> = [
    rating => own !== undefined && rating.source?.toLowerCase() === own,
    rating => rating.source === undefined,
    rating =>
      /^GHSA-/i.test(input.id) && normalizeCvssSource(rating.source) === 'ghsa',
    rating => normalizeCvssSource(rating.source) === 'nvd',
  ];
  for (const inTier of tiers) {
    const candidates = rated.filter(inTier);
    if (candidates.length > 0) {
      // A stable sort keeps the document's order between equal methods.
      return [...candidates].sort((a, b) => methodRank(a) - methodRank(b))[0]
        .severity;
    }
  }
  return rated
    .map(rating => rating.severity!)
    .sort(compareSeverity)
    .find(Boolean);
}

/** The CVSS assessment shown for the finding (see `pickCvss`). */
export function chooseCvss(ratings: Rating[]): CvssScore | undefined {
  return pickCvss(
    ratings.flatMap(rating => (rating.cvss ? [rating.cvss] : [])),
  );
}
