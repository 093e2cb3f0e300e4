import { InputError } from '@backstage/errors';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { locateHelm } from '../policy/helm';
import { setImageDigest } from './imageValues';
import { diffRenderedManifests, diffValues, renderChart } from './renderedDiff';

jest.setTimeout(180_000);

const chartDir = path.resolve(
  __dirname,
  '../../../../examples/gitops/services/payments-api/chart',
);
const digest = `sha256:${'c'.repeat(64)}`;

describe('rendered diff with real Helm', () => {
  let helmPath: string;
  let workDir: string;

  beforeAll(async () => {
    helmPath = await locateHelm();
    workDir = await fs.promises.mkdtemp(
      path.join(os.tmpdir(), 'maestro-rendered-diff-'),
    );
  });

  afterAll(async () => {
    await fs.promises.rm(workDir, { recursive: true, force: true });
  });

  it('shows per object what promoting a digest and scaling changes', async () => {
    const beforeText = fs.readFileSync(
      path.join(chartDir, '../values-dev.yaml'),
      'utf8',
    );
    const afterText = setImageDigest(beforeText, {
      repository: 'ghcr.io/acme/payments-api',
      digest,
    }).replace('replicaCount: 1', 'replicaCount: 2');
    const beforeFile = path.join(workDir, 'before.yaml');
    const afterFile = path.join(workDir, 'after.yaml');
    fs.writeFileSync(beforeFile, beforeText);
    fs.writeFileSync(afterFile, afterText);
    const render = (file: string) =>
      renderChart({
        helmPath,
        chartDir,
        valuesFiles: [file],
        releaseName: 'payments-api',
        namespace: 'dev',
      });

    const entries = diffRenderedManifests(
      await render(beforeFile),
      await render(afterFile),
    );
    expect(entries.map(e => [e.change, e.apiVersion, e.kind, e.name])).toEqual([
      // In Helm's install order: the PodDisruptionBudget before the Deployment.
      ['added', 'policy/v1', 'PodDisruptionBudget', 'payments-api'],
      ['changed', 'apps/v1', 'Deployment', 'payments-api'],
    ]);
    const deployment = entries[1].diff;
    expect(deployment).toContain('--- a/Deployment/payments-api');
    expect(deployment).toContain('\n-  replicas: 1\n');
    expect(deployment).toContain('\n+  replicas: 2\n');
    expect(deployment).toContain(
      `+          image: ghcr.io/acme/payments-api@${digest}`,
    );
    expect(entries[0].diff).toContain('+kind: PodDisruptionBudget');

    const values = diffValues(beforeText, afterText, {
      fileName: 'services/payments-api/values-dev.yaml',
    });
    expect(values.diff).toContain(
      '+++ b/services/payments-api/values-dev.yaml',
    );
    expect(
      values.changes.map(c => [c.path.join('.'), c.change, c.after]),
    ).toEqual([
      ['replicaCount', 'changed', 2],
      ['image.digest', 'changed', digest],
    ]);
  });

  it('applies several values files in order, as helm -f does, with null deleting a default', async () => {
    const first = path.join(workDir, 'first.yaml');
    const second = path.join(workDir, 'second.yaml');
    fs.writeFileSync(
      first,
      `replicaCount: 2\nimage:\n  digest: ${digest}\nenv:\n  A: one\n`,
    );
    fs.writeFileSync(
      second,
      'replicaCount: 3\nenv:\n  B: two\nresources:\n  limits: null\n',
    );
    const manifests = await renderChart({
      helmPath,
      chartDir,
      valuesFiles: [first, second],
      releaseName: 'payments-api',
    });
    expect(manifests).toContain('replicas: 3');
    expect(manifests).toContain(`payments-api@${digest}`);
    expect(manifests).toMatch(/name: A\s+value: "one"/);
    expect(manifests).toMatch(/name: B\s+value: "two"/);
    expect(manifests).not.toContain('limits:');
    await expect(
      renderChart({
        helmPath,
        chartDir,
        valuesFiles: [path.join(workDir, 'missing.yaml')],
      }),
    ).rejects.toThrow(InputError);
  });
});

describe('diffRenderedManifests', () => {
  const configMap = (name: string, data: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: shop\ndata:\n  key: ${data}\n`;

  it('reports added, removed and changed objects, ignoring key order and Helm comments', () => {
    const before = `# Source: a.yaml\n${configMap('kept', 'x')}---\n${configMap(
      'gone',
      'x',
    )}---\n${configMap('edited', 'old')}`;
    const after = `---\n# Source: b.yaml\nkind: ConfigMap\napiVersion: v1\nmetadata: {namespace: shop, name: kept}\ndata: {key: x}\n---\n${configMap(
      'edited',
      'new',
    )}---\n${configMap('new', 'x')}---\n`;
    const entries = diffRenderedManifests(before, after);
    expect(entries.map(e => `${e.change} ${e.namespace}/${e.name}`)).toEqual([
      'changed shop/edited',
      'added shop/new',
      'removed shop/gone',
    ]);
    expect(entries[0].diff).toContain('-  key: old\n+  key: new');
    expect(entries[2].diff).toContain('-kind: ConfigMap');
  });

  it('never shows Secret values, only whether they changed', () => {
    const secret = (v: string) =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: ${v}\n`;
    const [entry] = diffRenderedManifests(secret('hunter2'), secret('hunter3'));
    expect(entry.change).toBe('changed');
    expect(entry.diff).not.toMatch(/hunter/);
    expect(entry.diff).toMatch(
      /- {2}password: \(redacted, sha256 [0-9a-f]{12}\)/,
    );
  });

  it('refuses output that is not Kubernetes objects', () => {
    expect(() => diffRenderedManifests('- a\n', '')).toThrow(/not an object/);
    expect(() => diffRenderedManifests('kind: A\n', '')).toThrow(
      /without kind or metadata.name/,
    );
    expect(() =>
      diffRenderedManifests(
        `${configMap('a', 'x')}---\n${configMap('a', 'y')}`,
        '',
      ),
    ).toThrow(/ConfigMap\/shop\/a twice/);
    expect(() => diffRenderedManifests('a: [', '')).toThrow(InputError);
  });
});

describe('diffValues', () => {
  it('lists leaf changes in key order and is empty for equal text', () => {
    expect(diffValues('a: 1\n', 'a: 1\n')).toEqual({ diff: '', changes: [] });
    const result = diffValues(
      'a: 1\nb: {c: 2, d: 3}\n',
      '# note\na: 1\nb: {c: 2, e: 4}\nf: [1]\n',
    );
    expect(result.changes).toEqual([
      { path: ['b', 'd'], change: 'removed', before: 3 },
      { path: ['b', 'e'], change: 'added', after: 4 },
      { path: ['f'], change: 'added', after: [1] },
    ]);
    expect(result.diff).toContain('+# note');
    expect(() => diffValues('- 1\n', 'a: 1\n')).toThrow(/not a YAML mapping/);
  });
});
