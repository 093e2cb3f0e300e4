/**
 * Scanners' severity words and CVSS data mapped onto Maestro's scale, and
 * the choice of one CVSS assessment per finding.
 */
import {
  CvssScore,
  VulnerabilitySeverity,
} from '@maestro-conductor/backstage-plugin-maestro-common';

const SEVERITY_WORDS: Record<string, VulnerabilitySeverity> = {
  critical: 'critical',
  high: 'high',
  important: 'high',
  medium: 'medium',
  moderate: 'medium',
  low: 'low',
  negligible: 'negligible',
  minimal: 'negligible',
  none: 'negligible',
  info: 'negligible',
  informational: 'negligible',
  unknown: 'unknown',
};

/** Trivy, Grype, GHSA and distribution words (`Moderate`, `Important`); anything else is `unknown`. */
export function normalizeSeverity(
  word: string | undefined,
): VulnerabilitySeverity {
  return SEVERITY_WORDS[(word ?? '').trim().toLowerCase()] ?? 'unknown';
}

/** True when the word is one of the known severities (not `unknown`). */
export function isSeverityWord(word: string): boolean {
  const severity = SEVERITY_WORDS[word.trim().toLowerCase()];
  return severity !== undefined && severity !== 'unknown';
}

/** CVSS v3 qualitative rating of a base score (also used for SARIF `security-severity`). */
export function severityFromScore(score: number): VulnerabilitySeverity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'negligible';
}

/** `nvd@nist.gov` → `nvd`, `security-advisories@github.com` → `ghsa`; others lower-cased. */
export function normalizeCvssSource(
  source: string | undefined,
): string | undefined {
  if (!source) return undefined;
  const lower = source.toLowerCase();
  if (lower.includes('nvd')) return 'nvd';
  if (lower.includes('github') || lower === 'ghsa') return 'ghsa';
  return lower;
}

/** `CVSS:3.1/…` → `3.1`; v2 vectors carry no prefix. */
export function cvssVersionOf(
  vector: string | undefined,
  stated?: string,
): string | undefined {
  const prefix = vector && /^CVSS:(\d+\.\d+)\//.exec(vector);
  if (prefix) return prefix[1];
  if (stated) return stated;
  return vector ? '2.0' : undefined;
}

function rank(cvss: CvssScore): number {
  const major = (cvss.version ?? '').split('.')[0];
  const preferredSource = cvss.source === 'nvd' || cvss.source === 'ghsa';
  if (major === '3') {
    if (cvss.source === 'nvd') return 0;
    return preferredSource ? 1 : 2;
  }
  if (major === '4') return 3;
  return 4;
}

/**
 * The assessment shown for a finding: NVD v3, then GHSA v3, then any other
 * v3, then v4, then v2. Ties keep the scanner's order. Assessments without a
 * score are skipped.
 */
export function pickCvss(candidates: CvssScore[]): CvssScore | undefined {
  let best: CvssScore | undefined;
  for (const candidate of candidates) {
    if (candidate.score === undefined) continue;
    if (!best || rank(candidate) < rank(best)) {
      best = candidate;
    }
  }
  return best;
}
