import {
  Artifact,
  ArtifactDetail,
  ArtifactDiff,
  ArtifactSummary,
  GateCheck,
  GateVerdict,
  SeverityCounts,
  StoredSbomComponent,
  StoredVulnerabilityFinding,
  SupplyChainSummary,
  VulnerabilityExemptionRecord,
} from '@maestro-conductor/backstage-plugin-maestro-common';

/** A `sha256:` digest made of one repeated hex digit. Test use only. */
export function digestOf(hex: string): string {
  return `sha256:${hex.repeat(64).slice(0, 64)}`;
}

/** Severity counts, zero unless given. Test use only. */
export function severityCounts(
  counts: Partial<SeverityCounts> = {},
): SeverityCounts {
  return {
    critical: 0,
    high: 0,
    medium: 0,
    low: 0,
    negligible: 0,
    unknown: 0,
    ...counts,
  };
}

/** An artifact as the diff names it. Test use only. */
export function artifact(fields: Partial<Artifact> = {}): Artifact {
  return {
    id: 'art-1',
    entityRef: 'component:default/payments-api',
    repository: 'ghcr.io/acme/payments-api',
    digest: digestOf('a'),
    tags: ['1.4.0'],
    commit: '0123456789abcdef0123456789abcdef01234567',
    branch: 'main',
    pullRequest: 42,
    createdAt: '2026-11-23T10:00:00.000Z',
    ...fields,
  };
}

/** A row of `GET /supply-chain/artifacts`. Test use only. */
export function artifactSummary(
  fields: Partial<ArtifactSummary> = {},
): ArtifactSummary {
  return {
    ...artifact(),
    vulnerabilityCounts: severityCounts({ critical: 1, high: 2 }),
    componentCount: 120,
    signatureVerified: true,
    provenanceValid: true,
    provenanceReason:
      'SLSA v1 provenance built by https://github.com/acme/builder, signed; prod accepts an allowed builder',
    verdicts: [
      { channel: 'dev', passed: true },
      { channel: 'prod', passed: false },
    ],
    ...fields,
  };
}

/** `GET /supply-chain/artifacts/:id`. Test use only. */
export function artifactDetail(
  fields: Partial<ArtifactDetail> = {},
): ArtifactDetail {
  return {
    ...artifactSummary(),
    documents: [
      {
        id: 'doc-sbom',
        artifactId: 'art-1',
        kind: 'sbom',
        format: 'cyclonedx-json',
        version: '1.5',
        sha256: digestOf('d'),
        sizeBytes: 48_213,
        tool: 'syft 1.4.1',
        ingestedAt: '2026-11-23T10:01:00.000Z',
        ingestedBy: 'service:ci',
      },
    ],
    signatures: [
      {
        documentId: 'doc-bundle',
        verified: true,
        reason: 'Signature verified against the Fulcio certificate',
        signerSubject:
          'https://github.com/acme/payments-api/.github/workflows/build.yml@refs/heads/main',
        signerIssuer: 'https://token.actions.githubusercontent.com',
        integratedTime: '2026-11-23T10:00:30.000Z',
        verifiedAt: '2026-11-23T10:01:00.000Z',
      },
    ],
    provenance: [
      {
        documentId: 'doc-provenance',
        valid: true,
        reason: 'Provenance names this digest as its subject',
        predicateType: 'https://slsa.dev/provenance/v1',
        builderId: 'https://github.com/actions/runner/github-hosted',
        sourceRepository: 'https://github.com/acme/payments-api',
        sourceCommit: '0123456789abcdef0123456789abcdef01234567',
        signed: true,
        verifiedAt: '2026-11-23T10:01:00.000Z',
      },
    ],
    ...fields,
  };
}

/** A component of `GET …/components`. Test use only. */
export function sbomComponent(
  fields: Partial<StoredSbomComponent> = {},
): StoredSbomComponent {
  return {
    name: 'express',
    version: '4.19.2',
    purl: 'pkg:npm/express@4.19.2',
    type: 'library',
    licenses: ['MIT'],
    relationship: 'direct',
    documentId: 'doc-sbom',
    ...fields,
  };
}

/** A finding of `GET …/vulnerabilities`. Test use only. */
export function vulnerabilityFinding(
  fields: Partial<StoredVulnerabilityFinding> = {},
): StoredVulnerabilityFinding {
  return {
    id: 'CVE-2024-0001',
    aliases: [],
    severity: 'high',
    package: { name: 'openssl', type: 'apk' },
    installedVersion: '3.1.4-r0',
    fixedVersions: ['3.1.4-r5'],
    documentId: 'doc-trivy',
    scanner: 'trivy 0.50.1',
    ...fields,
  };
}

/** One check of a gate verdict. Test use only. */
export function gateCheck(fields: Partial<GateCheck> = {}): GateCheck {
  return {
    id: 'signature',
    title: 'Image signature verified',
    passed: true,
    reason: 'Signed by the build workflow',
    ...fields,
  };
}

/** `GET …/gate?channel=`. Test use only. */
export function gateVerdict(fields: Partial<GateVerdict> = {}): GateVerdict {
  return {
    artifactId: 'art-1',
    channel: 'prod',
    passed: true,
    checks: [gateCheck()],
    evaluatedAt: '2026-11-23T10:02:00.000Z',
    ...fields,
  };
}

/** `GET /supply-chain/diff`. Test use only. */
export function artifactDiff(fields: Partial<ArtifactDiff> = {}): ArtifactDiff {
  return {
    from: artifact({
      id: 'art-0',
      digest: digestOf('0'),
      tags: ['1.3.0'],
      createdAt: '2026-11-20T10:00:00.000Z',
    }),
    to: artifact(),
    components: { added: [], removed: [], changed: [] },
    vulnerabilities: {
      introduced: [],
      fixed: [],
      fromCounts: severityCounts(),
      toCounts: severityCounts(),
    },
    ...fields,
  };
}

/** A stored vulnerability exemption. Test use only. */
export function vulnerabilityExemption(
  fields: Partial<VulnerabilityExemptionRecord> = {},
): VulnerabilityExemptionRecord {
  return {
    id: 'vex-1',
    entityRef: 'component:default/payments-api',
    vulnerabilityId: 'CVE-2024-0001',
    owner: 'group:default/payments-team',
    reason: 'Not reachable: the TLS stack is unused',
    ticket: 'SEC-77',
    expiresAt: '2026-12-31T00:00:00.000Z',
    status: 'active',
    createdAt: '2026-11-01T00:00:00.000Z',
    createdBy: 'user:default/jane.doe',
    ...fields,
  };
}

/** One service of `GET /supply-chain/summary`. Test use only. */
export function supplyChainSummaryItem(
  fields: Partial<SupplyChainSummary['items'][number]> = {},
): SupplyChainSummary['items'][number] {
  return {
    entityRef: 'component:default/payments-api',
    latestArtifactId: 'art-1',
    latestDigest: digestOf('a'),
    counts: severityCounts({ critical: 1, high: 2 }),
    trend: [
      { date: '2026-11-21', critical: 3, high: 4 },
      { date: '2026-11-22', critical: 2, high: 2 },
      { date: '2026-11-23', critical: 1, high: 2 },
    ],
    ...fields,
  };
}
