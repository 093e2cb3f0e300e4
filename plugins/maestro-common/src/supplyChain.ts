/**
 * Supply-chain evidence attached to an image digest: SBOMs, vulnerability
 * reports, attestations and signature bundles. The parsers in maestro-node
 * turn each third-party format into the normalized shapes below, so the
 * backend, gates and UI never look at CycloneDX, SPDX, Trivy, Grype or SARIF
 * directly.
 */

/** An image as Maestro identifies it: repository plus `sha256:` digest, never a tag. @public */
export type ImageArtifactRef = {
  /** Repository as the evidence names it, e.g. `ghcr.io/acme/payments-api` or `alpine` (no tag, no digest). */
  repository: string;
  /** Manifest digest, `sha256:` followed by 64 hex digits. */
  digest: string;
};

/**
 * What a piece of evidence is for. `sbom-and-vulnerability-report` is a
 * CycloneDX BOM that lists components and vulnerabilities (Trivy
 * `--format cyclonedx`, Grype `-o cyclonedx-json`): it is the artifact's
 * SBOM and a scan at once, and counts as both.
 *
 * @public
 */
export type EvidenceDocumentKind =
  | 'sbom'
  | 'vulnerability-report'
  | 'sbom-and-vulnerability-report'
  | 'attestation'
  | 'signature-bundle';

/** Whether documents of the kind list SBOM components. @public */
export function carriesSbom(kind: EvidenceDocumentKind): boolean {
  return kind === 'sbom' || kind === 'sbom-and-vulnerability-report';
}

/** Whether documents of the kind carry vulnerability findings (count as a scan). @public */
export function carriesFindings(kind: EvidenceDocumentKind): boolean {
  return (
    kind === 'vulnerability-report' || kind === 'sbom-and-vulnerability-report'
  );
}

/**
 * The concrete format of a piece of evidence. `in-toto-statement` and
 * `sigstore-bundle` are recognised by content sniffing but parsed by the
 * signature layer, not by the SBOM and vulnerability parsers.
 *
 * @public
 */
export type EvidenceDocumentFormat =
  | 'cyclonedx-json'
  | 'spdx-json'
  | 'trivy-json'
  | 'grype-json'
  | 'sarif'
  | 'in-toto-statement'
  | 'sigstore-bundle';

/** Result of content sniffing: which evidence a JSON value is. @public */
export type DetectedEvidenceDocument = {
  kind: EvidenceDocumentKind;
  format: EvidenceDocumentFormat;
  /**
   * Version of the format the document declares: CycloneDX `specVersion`
   * (`1.5`), SPDX version (`2.3`), Trivy `SchemaVersion` (`2`), SARIF `2.1.0`,
   * in-toto statement version (`v0.1`, `v1`), sigstore bundle version
   * (`0.3`). Absent for Grype, whose JSON states no schema version.
   */
  version?: string;
  /** For in-toto statements: the `predicateType` URI (SLSA provenance, SPDX, ...). */
  predicateType?: string;
};

/**
 * What a document says it describes. Fields are only set when the document
 * states them; nothing is inferred from file names.
 *
 * @public
 */
export type EvidenceSubject = {
  /** Name as given: an image reference (`alpine:3.10`), an application or package name. */
  name?: string;
  /** Version as given (CycloneDX `metadata.component.version`, SPDX `versionInfo`). */
  version?: string;
  /** Package URL of the subject, when stated. */
  purl?: string;
  /**
   * `sha256:` digest the document states for its subject: from a `pkg:oci` /
   * `pkg:docker` purl or a repository digest first (what a registry
   * reference resolves to), else a manifest digest or SHA-256 hash it states.
   */
  digest?: string;
  /** Repository digests stated by the document (`alpine@sha256:…`), split into repository and digest. */
  images: ImageArtifactRef[];
  /**
   * Docker image ID (digest of the image config). Kept apart from `digest`
   * because it differs from the registry manifest digest and must not be
   * matched against it.
   */
  imageId?: string;
};

/** The producing tool, as the document names it. @public */
export type EvidenceTool = {
  name: string;
  version?: string;
};

/**
 * How a component relates to the SBOM's subject: `direct` when the subject
 * depends on it, `transitive` when it is reachable only through other
 * components, `unknown` when the document has no dependency graph (or the
 * component is not reachable in it).
 *
 * @public
 */
export type SbomComponentRelationship = 'direct' | 'transitive' | 'unknown';

/** One component (package, library, OS package, file) of an SBOM. @public */
export type SbomComponent = {
  /** Component name; for CycloneDX components with a `group` this is `group/name` (npm scope, Maven group). */
  name: string;
  /** Version as declared; absent when the document has none. */
  version?: string;
  /** Package URL (`pkg:npm/%40backstage/catalog-model@1.7.0`), when declared. */
  purl?: string;
  /**
   * Component type: CycloneDX `type` (`library`, `application`, …), SPDX
   * `primaryPackagePurpose` lower-cased, or else the purl type (`npm`, `deb`).
   */
  type?: string;
  /** SPDX licence IDs, licence names or licence expressions; empty when none is stated (NOASSERTION and NONE are dropped). */
  licenses: string[];
  relationship: SbomComponentRelationship;
  /** The document's own reference for the component: CycloneDX `bom-ref` or SPDX `SPDXID`. */
  ref?: string;
};

/** An SBOM in the shape Maestro stores and compares, whatever its source format. @public */
export type NormalizedSbom = {
  format: 'cyclonedx-json' | 'spdx-json';
  /** Declared format version, e.g. `1.5` or `2.3`. */
  specVersion: string;
  /** CycloneDX `serialNumber` or SPDX `documentNamespace`, when present. */
  documentId?: string;
  /** Creation time as stated (ISO 8601), when present. */
  createdAt?: string;
  /** Tools that produced the document. */
  tools: EvidenceTool[];
  subject?: EvidenceSubject;
  /** Every component except the subject itself, nested CycloneDX components included. */
  components: SbomComponent[];
  /**
   * False when the document has no dependency graph rooted at its subject (no
   * graph, or no single subject), so every relationship is `unknown`.
   */
  hasDependencyGraph: boolean;
  /** Parts of the document that were not read or only partly (absent when everything was read). */
  warnings?: string[];
};

/** Severities in descending order of urgency; scanners' own words are mapped onto these. @public */
export const VULNERABILITY_SEVERITIES = [
  'critical',
  'high',
  'medium',
  'low',
  'negligible',
  'unknown',
] as const;

/** A normalized severity. @public */
export type VulnerabilitySeverity = (typeof VULNERABILITY_SEVERITIES)[number];

/** A CVSS assessment as a scanner reports it. @public */
export type CvssScore = {
  /** Base score, 0.0 to 10.0. */
  score?: number;
  /** Vector string, e.g. `CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`. */
  vector?: string;
  /** CVSS version (`2.0`, `3.0`, `3.1`, `4.0`), from the vector or the report. */
  version?: string;
  /** Who scored it: `nvd`, `ghsa`, a distribution such as `redhat`, when known. */
  source?: string;
};

/** The package a finding concerns. @public */
export type VulnerablePackage = {
  /** Package name; empty when the report names no package (SARIF from code scanners such as CodeQL). */
  name: string;
  /** Package type: the purl type when a purl is known (`npm`, `apk`, `maven`), else the scanner's own word (`gemspec`, `java-archive`). */
  type?: string;
  purl?: string;
};

/**
 * CycloneDX VEX `analysis.state` values (CycloneDX 1.4 to 1.7).
 *
 * @public
 */
export const VEX_ANALYSIS_STATES = [
  'resolved',
  'resolved_with_pedigree',
  'exploitable',
  'in_triage',
  'false_positive',
  'not_affected',
] as const;

/** A CycloneDX VEX analysis state. @public */
export type VexAnalysisState = (typeof VEX_ANALYSIS_STATES)[number];

/**
 * The analysis states that suppress a finding: the document's author states
 * the component is not affected, the finding is a false positive, or it has
 * been remediated. `exploitable` and `in_triage` findings count as usual.
 *
 * @public
 */
export const SUPPRESSING_ANALYSIS_STATES: readonly VexAnalysisState[] = [
  'not_affected',
  'false_positive',
  'resolved',
  'resolved_with_pedigree',
];

/** What a document's author states about a vulnerability (CycloneDX VEX `analysis`). @public */
export type VulnerabilityAnalysis = {
  state: VexAnalysisState;
  /** Why it is not affected (`code_not_reachable`, `requires_configuration`, …), as written. */
  justification?: string;
  /** Responses as written (`will_not_fix`, `update`, …); empty when none. */
  responses: string[];
  /** The author's explanation. */
  detail?: string;
};

/** True when the finding's own document suppresses it by VEX analysis. @public */
export function isSuppressed(
  finding: Pick<VulnerabilityFinding, 'analysis'>,
): boolean {
  return (
    finding.analysis !== undefined &&
    SUPPRESSING_ANALYSIS_STATES.includes(finding.analysis.state)
  );
}

/** One vulnerability in one installed package at one place. @public */
export type VulnerabilityFinding = {
  /** Primary identifier as the scanner reports it (`CVE-2021-44228`, `GHSA-…`, `DLA-…`). */
  id: string;
  /** Other identifiers of the same vulnerability (CVE behind a GHSA, vendor IDs); never contains `id`. */
  aliases: string[];
  severity: VulnerabilitySeverity;
  /** The best CVSS assessment available: NVD v3, then GHSA v3, then any other v3, then v4, then v2. */
  cvss?: CvssScore;
  package: VulnerablePackage;
  /** Installed version of the package, when the scanner reports it. */
  installedVersion?: string;
  /** Versions that fix it; empty when no fix is known or the report does not say. */
  fixedVersions: string[];
  /** Where the package was found: image layer target, lock file, artifact path. */
  target?: string;
  title?: string;
  /** Primary advisory link. */
  url?: string;
  /**
   * VEX analysis stated in the same document (CycloneDX `analysis`). A
   * finding whose state is one of {@link SUPPRESSING_ANALYSIS_STATES} is
   * stored and shown, but counts in no total and no gate.
   */
  analysis?: VulnerabilityAnalysis;
};

/** A vulnerability report in the shape Maestro stores and gates on, whatever the scanner. @public */
export type NormalizedVulnerabilityReport = {
  format: 'trivy-json' | 'grype-json' | 'sarif' | 'cyclonedx-json';
  scanner: EvidenceTool;
  /** What was scanned, when the report says (image reference and digests). */
  subject?: EvidenceSubject;
  /** Creation time as stated (ISO 8601), when present. */
  createdAt?: string;
  /**
   * Findings with identical (id, package, installed version, target) merged;
   * for CycloneDX, one per vulnerability and affected component (`affects[].ref`).
   */
  findings: VulnerabilityFinding[];
  /** Parts of the document that were not read or only partly (absent when everything was read). */
  warnings?: string[];
};

const SEVERITY_RANK: Record<VulnerabilitySeverity, number> = {
  critical: 0,
  high: 1,
  medium: 2,
  low: 3,
  negligible: 4,
  unknown: 5,
};

/**
 * Orders severities most urgent first (`critical` before `unknown`), for
 * `Array.prototype.sort`.
 *
 * @public
 */
export function compareSeverity(
  a: VulnerabilitySeverity,
  b: VulnerabilitySeverity,
): number {
  return SEVERITY_RANK[a] - SEVERITY_RANK[b];
}

/** Number of findings per severity; every severity is present, zero when none. @public */
export function countBySeverity(
  findings: ReadonlyArray<Pick<VulnerabilityFinding, 'severity'>>,
): Record<VulnerabilitySeverity, number> {
  const counts: Record<VulnerabilitySeverity, number> = {
    critical: 0,
    high: 0,
    medium: 0,
    low: 0,
    negligible: 0,
    unknown: 0,
  };
  for (const finding of findings) {
    counts[finding.severity] += 1;
  }
  return counts;
}
