/*
 * Which stored evidence speaks for an artifact now. Documents are never
 * replaced, so a digest collects SBOMs and scans over time:
 * - its SBOM is the newest document with components (an SBOM, or a
 *   CycloneDX BOM that is an SBOM and a scan at once);
 * - its findings are those of the newest report of each scanner and format
 *   (a nightly rescan with a fresher vulnerability database replaces the
 *   previous one, and a Grype report does not hide a Trivy one);
 * - a vulnerability reported by two scanners for the same package counts
 *   once, at the higher severity. Package names compare with `:` and `/`
 *   alike: Trivy's JSON names a Maven package `group:artifact`, its
 *   CycloneDX BOM `group/artifact` (group and name).
 * Findings suppressed by their own document's VEX analysis count nowhere.
 */
import {
  carriesFindings,
  carriesSbom,
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
    if (!carriesFindings(document.kind)) continue;
    const scanner = `${document.format} ${document.toolName ?? ''}`;
    if (!reports.has(scanner)) reports.set(scanner, document);
  }
  return {
    sbom: newestFirst.find(document => carriesSbom(document.kind)),
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
  return `${finding.id}\u0000${finding.package.name.replace(/:/g, '/')}`;
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
