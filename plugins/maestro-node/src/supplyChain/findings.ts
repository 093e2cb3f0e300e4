/**
 * Shared steps of the vulnerability parsers: building a finding without
 * empty fields, splitting fix-version lists, and merging duplicate rows.
 */
import { VulnerabilityFinding } from '@maestro-conductor/backstage-plugin-maestro-common';
import { unique } from './documentShape';

export type FindingDraft = Omit<VulnerabilityFinding, 'aliases'> & {
  aliases: Array<string | undefined>;
};

/** Drops empty optional fields, removes the primary ID from the aliases. */
export function buildFinding(draft: FindingDraft): VulnerabilityFinding {
  const finding: VulnerabilityFinding = {
    id: draft.id,
    aliases: unique(
      draft.aliases.filter(
        (alias): alias is string => !!alias && alias !== draft.id,
      ),
    ),
    severity: draft.severity,
    package: { name: draft.package.name },
    fixedVersions: unique(draft.fixedVersions.filter(Boolean)),
  };
  if (draft.package.type) finding.package.type = draft.package.type;
  if (draft.package.purl) finding.package.purl = draft.package.purl;
  if (draft.cvss) finding.cvss = draft.cvss;
  if (draft.installedVersion) finding.installedVersion = draft.installedVersion;
  if (draft.target) finding.target = draft.target;
  if (draft.title) finding.title = draft.title;
  if (draft.url) finding.url = draft.url;
  if (draft.analysis) finding.analysis = draft.analysis;
  return finding;
}

/** `6.0.3.1, 5.2.4.3` (Trivy) or `1.2.1,2.1.3` (Grype SARIF) → versions. */
export function splitVersionList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(version => version.trim())
    .filter(Boolean);
}

/**
 * Merges rows with the same (id, package, installed version, target): the
 * first row wins, later rows add their aliases and fixed versions. Linear in
 * the number of findings.
 */
export function deduplicateFindings(
  findings: VulnerabilityFinding[],
): VulnerabilityFinding[] {
  const byKey = new Map<string, VulnerabilityFinding>();
  for (const finding of findings) {
    const key = JSON.stringify([
      finding.id,
      finding.package.name,
      finding.installedVersion ?? '',
      finding.target ?? '',
    ]);
    const existing = byKey.get(key);
    if (existing) {
      existing.aliases = unique([...existing.aliases, ...finding.aliases]);
      existing.fixedVersions = unique([
        ...existing.fixedVersions,
        ...finding.fixedVersions,
      ]);
    } else {
      byKey.set(key, finding);
    }
  }
  return [...byKey.values()];
}
