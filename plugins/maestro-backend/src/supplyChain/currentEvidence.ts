/*
 * Which stored evidence speaks for an artifact now. Documents are never
 * replaced, so a digest collects SBOMs and scans over time:
 * - its SBOM is the newest SBOM ingested for it;
 * - its findings are those of the newest report of each scanner (a nightly
 *   rescan with a fresher vulnerability database replaces the previous one,
 *   and a Grype report does not hide a Trivy one);
 * - a vulnerability reported by two scanners for the same package counts
 *   once, at the higher severity.
 */
import {
  compareSeverity,
  countBySeverity,
  SeverityCounts,
  VulnerabilityFinding,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { EvidenceDocumentRecord } from './types';

export type CurrentEvidence = {
  sbom?: EvidenceDocumentRecord;
  reports: EvidenceDocumentRecord[];
};

/** From an artifact's documents, newest first. */
export function currentEvidence(
  documents: EvidenceDocumentRecord[],
): CurrentEvidence {
  const newestFirst = [...documents].sort((a, b) =>
    b.ingestedAt.localeCompare(a.ingestedAt),
  );
  const reports = new Map<string, EvidenceDocumentRecord>();
  for (const document of newestFirst) {
    if (document.kind !== 'vulnerability-report') continue;
    const scanner = `${document.format} ${document.toolName ?? ''}`;
    if (!reports.has(scanner)) reports.set(scanner, document);
  }
  return {
    sbom: newestFirst.find(document => document.kind === 'sbom'),
    reports: [...reports.values()],
  };
}

/** What counting needs of a finding. */
export type CountableFinding = Pick<VulnerabilityFinding, 'id' | 'severity'> & {
  package: { name: string };
};

/** One vulnerability in one package: the key of diffs and counts. */
export function findingKey(
  finding: Omit<CountableFinding, 'severity'>,
): string {
  return `${finding.id}\u0000${finding.package.name}`;
}

/** Findings with one per key, at the highest severity any scanner gave. */
export function distinctFindings<T extends CountableFinding>(
  findings: T[],
): T[] {
  const byKey = new Map<string, T>();
  for (const finding of findings) {
    const key = findingKey(finding);
    const known = byKey.get(key);
    if (!known || compareSeverity(finding.severity, known.severity) < 0) {
      byKey.set(key, finding);
    }
  }
  return [...byKey.values()];
}

export function severityCounts(findings: CountableFinding[]): SeverityCounts {
  return countBySeverity(distinctFindings(findings));
}
