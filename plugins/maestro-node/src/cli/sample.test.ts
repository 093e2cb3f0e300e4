import path from 'node:path';
import { runCheck } from './runCheck';

jest.setTimeout(120_000);

const SAMPLE = path.resolve(__dirname, '../../../../examples/policy-sample');
const ARGS = ['check', '.', '--exemptions', 'exemptions.yaml'];

async function run(format: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCheck([...ARGS, '--format', format], {
    stdout: text => out.push(text),
    stderr: text => err.push(text),
    cwd: SAMPLE,
    env: process.env,
    now: new Date('2026-11-23T12:00:00Z'),
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

// The findings examples/policy-sample/README.md promises.
const EXPECTED_DENY = [
  ['MAESTRO-DF-001', 'services/worker/Dockerfile'],
  ['MAESTRO-DF-002', 'services/worker/Dockerfile'],
  ['MAESTRO-K8S-003', 'deploy/web.yaml'],
  ['MAESTRO-K8S-005', 'deploy/web.yaml'],
  ['MAESTRO-K8S-015', 'deploy/web.yaml'],
  ['MAESTRO-K8S-001', 'charts/shop'],
  ['MAESTRO-K8S-004', 'charts/shop'],
];

describe('maestro-policy on examples/policy-sample', () => {
  it('reports the expected findings as JSON and exits 1', async () => {
    const { code, stdout } = await run('json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.passed).toBe(false);
    const denied = report.findings
      .filter((f: any) => f.severity === 'deny')
      .map((f: any) => [f.ruleId, f.location.file]);
    expect(denied).toEqual(expect.arrayContaining(EXPECTED_DENY));

    // The good Dockerfile has no deny findings.
    expect(
      denied.filter(([, file]: string[]) => file === 'services/api/Dockerfile'),
    ).toEqual([]);

    // runAsNonRoot and resources fail only in the prod overlay.
    const chartRunAsRoot = report.findings.filter(
      (f: any) =>
        f.ruleId === 'MAESTRO-K8S-001' && f.location.file === 'charts/shop',
    );
    expect(chartRunAsRoot.map((f: any) => f.location.overlay)).toEqual([
      'values-prod.yaml',
    ]);
    expect(chartRunAsRoot[0].location.template).toBe(
      'shop/templates/deployment.yaml',
    );

    // One active and one expired exemption.
    const hostPath = report.findings.find(
      (f: any) =>
        f.ruleId === 'MAESTRO-K8S-015' &&
        f.location.resource?.name === 'nightly-report',
    );
    expect(hostPath.exemption).toMatchObject({
      status: 'active',
      ticket: 'SHOP-101',
    });
    const latest = report.findings.find(
      (f: any) => f.ruleId === 'MAESTRO-DF-002',
    );
    expect(latest.exemption).toMatchObject({
      status: 'expired',
      ticket: 'SHOP-77',
    });
    expect(report.summary).toMatchObject({ exempted: 1, expiredExemptions: 1 });

    // kustomization.yaml, values files and Chart.yaml are not manifests.
    const files = new Set(report.findings.map((f: any) => f.location.file));
    expect([...files].sort()).toEqual([
      'charts/shop',
      'deploy/batch.yaml',
      'deploy/web.yaml',
      'services/api/Dockerfile',
      'services/worker/Dockerfile',
    ]);
  });

  it('prints a table with exemptions marked and a summary line', async () => {
    const { code, stdout } = await run('table');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^RULE\s+SEVERITY\s+LOCATION\s+MESSAGE/);
    expect(stdout).toMatch(
      /MAESTRO-K8S-015\s+deny \(exempted\)\s+deploy\/batch\.yaml:\d+ shop\/CronJob\/nightly-report/,
    );
    expect(stdout).toMatch(
      /MAESTRO-DF-002\s+deny \(exemption expired\)\s+services\/worker\/Dockerfile:2/,
    );
    expect(stdout).toMatch(
      /charts\/shop\/templates\/deployment\.yaml default\/Deployment\/release-storefront \[values-prod\.yaml\]/,
    );
    expect(stdout.trimEnd().split('\n').pop()).toMatch(
      /^FAILED — \d+ deny, \d+ warn, 1 exempted, 1 expired exemption\(s\) — 8 resource\(s\), \d+ rule\(s\), profile default$/,
    );
  });

  it('writes valid SARIF 2.1.0 for GitHub code scanning', async () => {
    const { code, stdout } = await run('sarif');
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout);
    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    const run0 = sarif.runs[0];
    expect(run0.tool.driver.name).toBe('maestro-policy');

    const ruleIds = run0.tool.driver.rules.map((r: any) => r.id);
    for (const rule of run0.tool.driver.rules) {
      expect(rule.shortDescription.text).toEqual(expect.any(String));
      expect(rule.fullDescription.text).toEqual(expect.any(String));
      expect(rule.help.text).toEqual(expect.any(String));
      expect(['error', 'warning']).toContain(rule.defaultConfiguration.level);
    }
    expect(run0.results.length).toBeGreaterThan(0);
    for (const result of run0.results) {
      expect(ruleIds[result.ruleIndex]).toBe(result.ruleId);
      expect(['error', 'warning']).toContain(result.level);
      expect(result.message.text).toEqual(expect.any(String));
      const physical = result.locations[0].physicalLocation;
      expect(physical.artifactLocation.uri).not.toMatch(/^\//);
      expect(physical.region?.startLine ?? 1).toBeGreaterThanOrEqual(1);
    }
    expect(run0.results.map((r: any) => r.ruleId)).toEqual(
      expect.arrayContaining(EXPECTED_DENY.map(([id]) => id)),
    );

    const suppressed = run0.results.filter((r: any) => r.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]).toMatchObject({
      ruleId: 'MAESTRO-K8S-015',
      suppressions: [
        {
          kind: 'external',
          justification: expect.stringContaining('SHOP-101'),
        },
      ],
    });

    const chartResult = run0.results.find(
      (r: any) =>
        r.ruleId === 'MAESTRO-K8S-001' &&
        r.properties.overlay === 'values-prod.yaml',
    );
    expect(chartResult.locations[0].physicalLocation.artifactLocation.uri).toBe(
      'charts/shop/templates/deployment.yaml',
    );
    expect(chartResult.locations[0].logicalLocations[0]).toMatchObject({
      kind: 'resource',
      fullyQualifiedName: 'default/Deployment/release-storefront',
    });
  });
});
