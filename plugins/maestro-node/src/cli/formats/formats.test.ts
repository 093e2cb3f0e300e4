import type { PolicyReport, PolicyRuleInfo } from '../../policy/types';
import { formatSarif, SARIF_SCHEMA } from './sarif';
import { formatTable } from './table';

const rules: PolicyRuleInfo[] = [
  {
    id: 'MAESTRO-DF-001',
    kind: 'dockerfile',
    scope: 'resource',
    severity: 'deny',
    title: 'Container runs as root',
    rationale: 'A root process owns the container.',
    remediation: 'Add a USER instruction.',
    origin: 'builtin',
  },
  {
    id: 'MAESTRO-K8S-002',
    kind: 'kubernetes',
    scope: 'resource',
    severity: 'warn',
    title: 'No resource limits',
    rationale: 'Unbounded pods starve neighbours.',
    remediation: 'Set resources.limits.',
    profiles: ['strict'],
    origin: 'builtin',
  },
];

const report: PolicyReport = {
  passed: false,
  profile: 'default',
  evaluatedAt: '2026-11-23T12:00:00.000Z',
  summary: {
    deny: 1,
    warn: 1,
    exempted: 1,
    expiredExemptions: 0,
    resources: 3,
    rules: 2,
  },
  findings: [
    {
      ruleId: 'MAESTRO-DF-001',
      severity: 'deny',
      title: 'Container runs as root',
      message: 'No USER instruction; the container runs as root',
      remediation: 'Add a USER instruction.',
      location: { file: 'services/worker/Dockerfile', line: 2 },
    },
    {
      ruleId: 'MAESTRO-K8S-002',
      severity: 'warn',
      title: 'No resource limits',
      message: 'Container storefront has no resource limits',
      remediation: 'Set resources.limits.',
      location: {
        file: 'charts/shop',
        resource: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: 'shop',
          name: 'release-storefront',
        },
        jsonPath: '$.spec.template.spec.containers[0].resources.limits',
        template: 'shop/templates/deployment.yaml',
        overlay: 'values-prod.yaml',
      },
    },
    {
      ruleId: 'MAESTRO-DF-001',
      severity: 'deny',
      title: 'Container runs as root',
      message: 'No USER instruction; the container runs as root',
      remediation: 'Add a USER instruction.',
      location: { file: 'legacy/Dockerfile', line: 1 },
      exemption: {
        id: 'legacy-root',
        status: 'active',
        owner: 'group:default/platform',
        reason: 'Legacy image being replaced',
        ticket: 'OPS-42',
        expiresAt: '2027-01-31T00:00:00Z',
      },
    },
  ],
};

describe('formatTable', () => {
  it('lists each finding with rule, severity, location and message, then a summary', () => {
    const lines = formatTable(report).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RULE\s+SEVERITY\s+LOCATION\s+MESSAGE$/);
    expect(lines[1]).toMatch(
      /^MAESTRO-DF-001\s+deny\s+services\/worker\/Dockerfile:2\s+No USER instruction/,
    );
    expect(lines[2]).toContain(
      'charts/shop/templates/deployment.yaml shop/Deployment/release-storefront [values-prod.yaml]',
    );
    expect(lines[3]).toMatch(/deny \(exempted\)/);
    expect(lines[3]).toMatch(
      /exemption OPS-42 \(group:default\/platform\) until 2027-01-31/,
    );
    expect(lines[lines.length - 1]).toBe(
      'FAILED — 1 deny, 1 warn, 1 exempted, 0 expired exemption(s) — 3 resource(s), 2 rule(s), profile default',
    );
  });

  it('says so when there are no findings', () => {
    const clean = { ...report, passed: true, findings: [] };
    expect(formatTable(clean)).toMatch(/^No findings\.\n\nPASSED/);
  });
});

describe('formatSarif', () => {
  const sarif = formatSarif(report, rules, {
    warnings: ['chart x skipped'],
  }) as any;
  const run = sarif.runs[0];

  it('writes a SARIF 2.1.0 log with one maestro-policy run', () => {
    expect(sarif.$schema).toBe(SARIF_SCHEMA);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    expect(run.tool.driver.name).toBe('maestro-policy');
    expect(run.invocations[0].toolExecutionNotifications).toEqual([
      { level: 'warning', message: { text: 'chart x skipped' } },
    ]);
  });

  it('describes every rule with its default level', () => {
    expect(run.tool.driver.rules).toEqual([
      expect.objectContaining({
        id: 'MAESTRO-DF-001',
        shortDescription: { text: 'Container runs as root' },
        fullDescription: { text: 'A root process owns the container.' },
        help: expect.objectContaining({ text: 'Add a USER instruction.' }),
        defaultConfiguration: { level: 'error' },
      }),
      expect.objectContaining({
        id: 'MAESTRO-K8S-002',
        defaultConfiguration: { level: 'warning' },
      }),
    ]);
  });

  it('points a Dockerfile result at its file and line', () => {
    expect(run.results[0]).toMatchObject({
      ruleId: 'MAESTRO-DF-001',
      ruleIndex: 0,
      level: 'error',
      message: { text: 'No USER instruction; the container runs as root' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'services/worker/Dockerfile' },
            region: { startLine: 2 },
          },
        },
      ],
    });
    expect(run.results[0].suppressions).toBeUndefined();
  });

  it('points a Helm result at the chart template, with resource and JSON path', () => {
    const result = run.results[1];
    expect(result.level).toBe('warning');
    expect(result.message.text).toContain('overlay values-prod.yaml');
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'charts/shop/templates/deployment.yaml' },
    });
    expect(result.locations[0].logicalLocations).toEqual([
      {
        name: 'release-storefront',
        fullyQualifiedName: 'shop/Deployment/release-storefront',
        kind: 'resource',
      },
      {
        name: '$.spec.template.spec.containers[0].resources.limits',
        fullyQualifiedName:
          'shop/Deployment/release-storefront.spec.template.spec.containers[0].resources.limits',
        kind: 'property',
      },
    ]);
  });

  it('marks exempted findings as externally suppressed with the justification', () => {
    expect(run.results[2].suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification:
          'Legacy image being replaced (OPS-42, owner group:default/platform, expires 2027-01-31T00:00:00Z)',
      },
    ]);
  });

  it('gives results stable fingerprints that ignore line moves', () => {
    const moved = formatSarif(
      {
        ...report,
        findings: [
          {
            ...report.findings[0],
            location: { file: 'services/worker/Dockerfile', line: 9 },
          },
        ],
      },
      rules,
    ) as any;
    expect(moved.runs[0].results[0].partialFingerprints).toEqual(
      run.results[0].partialFingerprints,
    );
  });
});
