import {
  StoredPolicyEvaluation,
  VulnerabilityFinding,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { evaluateGate, GateInput } from './gate';
import { DEFAULT_GATES } from './supplyChainConfig';
import {
  EvidenceDocumentRecord,
  ProvenanceRecord,
  SignatureRecord,
  StoredVulnerabilityExemption,
} from './types';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const BUILDER =
  'https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml';

const document = (
  overrides: Partial<EvidenceDocumentRecord>,
): EvidenceDocumentRecord => ({
  id: 'doc',
  artifactId: 'art-1',
  kind: 'sbom',
  format: 'cyclonedx-json',
  version: '1.6',
  sha256: `sha256:${'1'.repeat(64)}`,
  sizeBytes: 10,
  ingestedAt: '2026-11-30T10:00:00.000Z',
  ingestedBy: 'service:external:ci',
  ...overrides,
});

const signature: SignatureRecord = {
  documentId: 'sig',
  artifactId: 'art-1',
  verified: true,
  reason: `signed by https://github.com/acme/payments-api/.github/workflows/release.yml@refs/heads/main (issuer https://token.actions.githubusercontent.com) for ${DIGEST}`,
  detail: {},
  verifiedAt: '2026-11-30T10:00:00.000Z',
};

const provenance: ProvenanceRecord = {
  documentId: 'prov',
  artifactId: 'art-1',
  valid: true,
  reason: `SLSA v1 provenance for ${DIGEST} built by ${BUILDER}@refs/tags/v2.0.0`,
  builderId: `${BUILDER}@refs/tags/v2.0.0`,
  signed: true,
  detail: {},
  verifiedAt: '2026-11-30T10:00:00.000Z',
};

const finding = (
  id: string,
  severity: VulnerabilityFinding['severity'],
  packageName = 'openssl',
  aliases: string[] = [],
): VulnerabilityFinding => ({
  id,
  aliases,
  severity,
  package: { name: packageName },
  fixedVersions: [],
});

const policy = (passed: boolean): StoredPolicyEvaluation => ({
  id: 'eval-1',
  entityRef: 'component:default/payments-api',
  imageDigest: DIGEST,
  source: 'ci',
  evaluatedAt: '2026-11-30T09:00:00.000Z',
  evaluatedBy: 'service:external:ci',
  report: {
    passed,
    profile: 'default',
    evaluatedAt: '2026-11-30T09:00:00.000Z',
    summary: {
      deny: passed ? 0 : 1,
      warn: 2,
      exempted: 0,
      expiredExemptions: 0,
      resources: 3,
      rules: 20,
    },
    findings: passed
      ? []
      : [
          {
            ruleId: 'MAESTRO-DF-001',
            severity: 'deny',
            title: 'Runs as root',
            message: 'USER root',
            remediation: 'Add a non-root USER',
            location: { file: 'Dockerfile', line: 2 },
          },
        ],
  },
});

const exemption = (
  overrides: Partial<StoredVulnerabilityExemption> = {},
): StoredVulnerabilityExemption => ({
  id: 'x-1',
  entityRef: 'component:default/payments-api',
  vulnerabilityId: 'CVE-2026-0001',
  owner: 'group:default/payments-team',
  reason: 'Not reachable from the service',
  expiresAt: '2026-12-15T00:00:00.000Z',
  createdBy: 'user:default/ada-lovelace',
  createdAt: '2026-11-30T00:00:00.000Z',
  ...overrides,
});

/** A prod-ready artifact; tests take things away. */
function input(overrides: Partial<GateInput> = {}): GateInput {
  return {
    artifact: { id: 'art-1', digest: DIGEST },
    channel: 'prod',
    requirements: { ...DEFAULT_GATES.prod, allowedBuilders: [BUILDER] },
    sbom: { document: document({ id: 'sbom' }), componentCount: 120 },
    signatures: [signature],
    provenance: [provenance],
    reports: [
      document({
        id: 'scan',
        kind: 'vulnerability-report',
        format: 'trivy-json',
      }),
    ],
    findings: [finding('CVE-2026-0002', 'high')],
    exemptions: [],
    policy: policy(true),
    now: new Date('2026-12-01T12:00:00.000Z'),
    ...overrides,
  };
}

const check = (verdict: ReturnType<typeof evaluateGate>, id: string) =>
  verdict.checks.find(c => c.id === id)!;

describe('evaluateGate', () => {
  it('passes prod with every condition met, and says why for each', () => {
    const verdict = evaluateGate(input());
    expect(verdict).toMatchObject({
      artifactId: 'art-1',
      channel: 'prod',
      passed: true,
      evaluatedAt: '2026-12-01T12:00:00.000Z',
    });
    expect(verdict.checks.map(c => [c.id, c.passed, c.reason])).toEqual([
      ['signature', true, `Verified: ${signature.reason}`],
      [
        'provenance',
        true,
        `${provenance.reason}, signed; prod accepts an allowed builder`,
      ],
      ['critical', true, '0 unexempted critical; prod allows 0'],
      ['high', true, '1 unexempted high (CVE-2026-0002); prod allows 2'],
      [
        'policy',
        true,
        'Passed: evaluation of 2026-11-30 passed (2 warnings, 0 exempted)',
      ],
      [
        'sbom',
        true,
        'cyclonedx-json 1.6 SBOM with 120 components, ingested 2026-11-30',
      ],
    ]);
  });

  it('fails prod without evidence, naming what is missing', () => {
    const verdict = evaluateGate(
      input({
        sbom: undefined,
        signatures: [],
        provenance: [],
        reports: [],
        findings: [],
        policy: undefined,
      }),
    );
    expect(verdict.passed).toBe(false);
    expect(verdict.checks.map(c => [c.id, c.passed, c.reason])).toEqual([
      [
        'signature',
        false,
        'Not signed: no sigstore bundle has been ingested for this digest',
      ],
      [
        'provenance',
        false,
        'No usable provenance: no SLSA provenance has been ingested for this digest',
      ],
      [
        'critical',
        false,
        'Not scanned: no vulnerability report has been ingested for this digest',
      ],
      [
        'high',
        false,
        'Not scanned: no vulnerability report has been ingested for this digest',
      ],
      [
        'policy',
        false,
        'Failed: no policy evaluation is stored for this digest (POST /policy/evaluate with store, entityRef and imageDigest)',
      ],
      ['sbom', false, 'No SBOM has been ingested for this digest'],
    ]);
  });

  it('lets dev through without evidence but still says what is missing', () => {
    const verdict = evaluateGate(
      input({
        channel: 'dev',
        requirements: DEFAULT_GATES.dev,
        sbom: undefined,
        signatures: [],
        provenance: [],
        reports: [],
        findings: [],
        policy: policy(false),
      }),
    );
    expect(verdict.passed).toBe(true);
    expect(check(verdict, 'sbom').reason).toBe(
      'Not required for dev: no SBOM has been ingested for this digest',
    );
    expect(check(verdict, 'policy').reason).toBe(
      'Not required for dev: evaluation of 2026-11-30 has 1 denied finding(s): MAESTRO-DF-001',
    );
  });

  it('says why a bundle or provenance did not count', () => {
    const verdict = evaluateGate(
      input({
        signatures: [
          {
            ...signature,
            verified: false,
            reason: 'no sigstore trust root configured',
          },
        ],
        provenance: [{ ...provenance, signed: false }],
      }),
    );
    expect(check(verdict, 'signature')).toMatchObject({
      passed: false,
      reason:
        'Not signed: no bundle verified (1 ingested; newest: no sigstore trust root configured)',
    });
    expect(check(verdict, 'provenance')).toMatchObject({
      passed: false,
      reason: `No usable provenance: none accepted (newest: provenance built by ${BUILDER}@refs/tags/v2.0.0 is not signed; prod needs it in a sigstore bundle that verifies)`,
    });
    const otherBuilder = evaluateGate(
      input({
        requirements: {
          ...DEFAULT_GATES.prod,
          allowedBuilders: ['https://github.com/acme/builder.yml@refs/tags/v1'],
        },
      }),
    );
    expect(check(otherBuilder, 'provenance').reason).toBe(
      `No usable provenance: none accepted (newest: builder ${BUILDER}@refs/tags/v2.0.0 is not allowed for prod (allowed: https://github.com/acme/builder.yml@refs/tags/v1))`,
    );
  });

  it('counts a vulnerability two scanners report for one package once, at the higher severity', () => {
    const verdict = evaluateGate(
      input({
        findings: [
          finding('CVE-2026-0002', 'high'),
          finding('CVE-2026-0002', 'critical'),
          finding('CVE-2026-0003', 'high', 'zlib'),
          finding('CVE-2026-0004', 'high', 'curl'),
        ],
      }),
    );
    expect(check(verdict, 'critical')).toMatchObject({
      passed: false,
      reason: '1 unexempted critical (CVE-2026-0002); prod allows 0',
    });
    expect(check(verdict, 'high')).toMatchObject({
      passed: true,
      reason: '2 unexempted high (CVE-2026-0003, CVE-2026-0004); prod allows 2',
    });
  });

  it("does not count a finding its own document suppresses by VEX analysis, names it, and lets no VEX statement hide another report's finding", () => {
    const notAffected = {
      ...finding('CVE-2026-0005', 'critical', 'libidn2-0'),
      analysis: {
        state: 'not_affected' as const,
        justification: 'code_not_reachable',
        responses: [],
      },
    };
    const suppressed = evaluateGate(
      input({
        findings: [
          notAffected,
          {
            ...finding('CVE-2026-0006', 'critical'),
            analysis: { state: 'in_triage' as const, responses: [] },
          },
        ],
      }),
    );
    expect(check(suppressed, 'critical')).toMatchObject({
      passed: false,
      reason:
        '1 unexempted critical (CVE-2026-0006); 1 suppressed by VEX analysis (CVE-2026-0005 not_affected: code_not_reachable); prod allows 0',
    });

    // Trivy JSON names the Maven package group:artifact, its BOM group/artifact.
    const otherReport = evaluateGate(
      input({
        findings: [
          { ...notAffected, package: { name: 'org.acme/lib' } },
          finding('CVE-2026-0005', 'critical', 'org.acme:lib'),
        ],
      }),
    );
    expect(check(otherReport, 'critical')).toMatchObject({
      passed: false,
      reason: '1 unexempted critical (CVE-2026-0005); prod allows 0',
    });
  });

  describe('with a vulnerability exemption', () => {
    const critical = [finding('CVE-2026-0001', 'critical', 'openssl')];

    it('passes while the exemption is active and names it', () => {
      const verdict = evaluateGate(
        input({ findings: critical, exemptions: [exemption()] }),
      );
      expect(check(verdict, 'critical')).toEqual({
        id: 'critical',
        title: 'Critical vulnerabilities',
        passed: true,
        reason: '0 unexempted critical; 1 exemption(s) applied; prod allows 0',
        exemptions: [
          {
            id: 'x-1',
            vulnerabilityId: 'CVE-2026-0001',
            owner: 'group:default/payments-team',
            expiresAt: '2026-12-15T00:00:00.000Z',
          },
        ],
      });
      expect(verdict.passed).toBe(true);
    });

    it('fails once the exemption expired, and says it expired', () => {
      const verdict = evaluateGate(
        input({
          findings: critical,
          exemptions: [exemption()],
          now: new Date('2026-12-15T00:00:00.000Z'),
        }),
      );
      expect(check(verdict, 'critical')).toEqual({
        id: 'critical',
        title: 'Critical vulnerabilities',
        passed: false,
        reason:
          '1 unexempted critical (CVE-2026-0001); the exemption for CVE-2026-0001 expired 2026-12-15; prod allows 0',
      });
      expect(verdict.passed).toBe(false);
    });

    it('matches by alias, and only within its package, digest and channel', () => {
      const aliased = [
        finding('GHSA-xxxx-yyyy-zzzz', 'critical', 'openssl', [
          'CVE-2026-0001',
        ]),
      ];
      const passes = (exemptions: StoredVulnerabilityExemption[]) =>
        check(
          evaluateGate(input({ findings: aliased, exemptions })),
          'critical',
        ).passed;
      expect(passes([exemption({ vulnerabilityId: 'cve-2026-0001' })])).toBe(
        true,
      );
      expect(passes([exemption({ packageName: 'openssl' })])).toBe(true);
      expect(passes([exemption({ packageName: 'zlib' })])).toBe(false);
      expect(passes([exemption({ scope: { digest: DIGEST } })])).toBe(true);
      expect(
        passes([exemption({ scope: { digest: `sha256:${'b'.repeat(64)}` } })]),
      ).toBe(false);
      expect(passes([exemption({ scope: { channel: 'prod' } })])).toBe(true);
      expect(passes([exemption({ scope: { channel: 'staging' } })])).toBe(
        false,
      );
      expect(
        passes([exemption({ revokedAt: '2026-12-01T00:00:00.000Z' })]),
      ).toBe(false);
    });
  });

  it('fails the policy condition with the denied rules', () => {
    const verdict = evaluateGate(input({ policy: policy(false) }));
    expect(check(verdict, 'policy')).toMatchObject({
      passed: false,
      reason:
        'Failed: evaluation of 2026-11-30 has 1 denied finding(s): MAESTRO-DF-001',
    });
  });
});
