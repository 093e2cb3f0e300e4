/*
 * The demo GitOps seed (examples/gitops) must be deployable as it stands:
 * every service's chart passes `helm lint` and the Maestro policy pack on
 * the real `helm template` output with each channel's overlay, without a
 * single finding, and offers exactly the channels the demo catalog lists.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { createPolicyEngine, evaluatePolicy } from '../policy';
import { lintHelmChart, locateHelm } from '../policy/helm';
import { renderChart } from './renderedDiff';

jest.setTimeout(300_000);

const root = path.resolve(__dirname, '../../../..');
const seed = path.join(root, 'examples/gitops');

type DemoService = { name: string; chart: string; channels: string[] };

function demoServices(): DemoService[] {
  const text = fs.readFileSync(
    path.join(root, 'examples/entities.yaml'),
    'utf8',
  );
  return parseAllDocuments(text)
    .map(doc => doc.toJSON())
    .filter(
      e =>
        e?.kind === 'Component' &&
        e.metadata.annotations?.['maestro.io/helm-chart'],
    )
    .map(e => ({
      name: e.metadata.name,
      chart: e.metadata.annotations['maestro.io/helm-chart'],
      channels: e.metadata.annotations['maestro.io/channels'].split(','),
    }));
}

const services = demoServices();
const cases = services.flatMap(s =>
  s.channels.map(channel => ({ ...s, channel })),
);

describe('examples/gitops seed', () => {
  let helmPath: string;
  const engine = createPolicyEngine();

  beforeAll(async () => {
    helmPath = await locateHelm();
  });

  it('holds a chart and one overlay per channel for each demo service, and nothing else', () => {
    expect(services.map(s => s.name).sort()).toEqual([
      'checkout-web',
      'fraud-scorer',
      'ledger-worker',
      'payments-api',
    ]);
    for (const service of services) {
      const dir = path.dirname(path.join(seed, service.chart));
      expect(fs.existsSync(path.join(seed, service.chart, 'Chart.yaml'))).toBe(
        true,
      );
      expect(fs.readdirSync(dir).sort()).toEqual(
        ['chart', ...service.channels.map(c => `values-${c}.yaml`)].sort(),
      );
    }
  });

  it.each(cases)(
    '$name passes helm lint and the policy pack in $channel',
    async ({ name, chart, channel }) => {
      const chartDir = path.join(seed, chart);
      const overlay = path.join(
        path.dirname(chartDir),
        `values-${channel}.yaml`,
      );
      const lint = await lintHelmChart({
        helmPath,
        chartDir,
        overlays: [overlay],
        namespace: channel,
      });
      expect(lint.output).toContain('0 chart(s) failed');
      expect(lint.ok).toBe(true);

      const manifests = await renderChart({
        helmPath,
        chartDir,
        valuesFiles: [overlay],
        releaseName: name,
        namespace: channel,
      });
      expect(manifests).toContain(`image: "ghcr.io/acme/${name}@sha256:`);
      const report = await evaluatePolicy(engine, [
        {
          kind: 'kubernetes',
          path: chart,
          content: manifests,
          helm: { chart, overlay: path.basename(overlay) },
        },
      ]);
      expect(report.findings.map(f => `${f.ruleId} ${f.message}`)).toEqual([]);
      expect(report.passed).toBe(true);
      expect(report.summary.resources).toBeGreaterThanOrEqual(3);
    },
  );

  it('is checked for real: a prod overlay without a digest is denied', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maestro-seed-'));
    try {
      const overlay = path.join(dir, 'values-prod.yaml');
      fs.writeFileSync(overlay, 'image:\n  digest: ""\n');
      const chart = 'services/payments-api/chart';
      const manifests = await renderChart({
        helmPath,
        chartDir: path.join(seed, chart),
        valuesFiles: [overlay],
        namespace: 'prod',
      });
      const report = await evaluatePolicy(engine, [
        {
          kind: 'kubernetes',
          path: chart,
          content: manifests,
          helm: { chart, overlay: 'values-prod.yaml' },
        },
      ]);
      expect(report.findings.map(f => f.ruleId)).toEqual(['MAESTRO-K8S-018']);
      expect(report.passed).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('renders the chart defaults with the tag when no digest is set', async () => {
    const manifests = await renderChart({
      helmPath,
      chartDir: path.join(seed, 'services/payments-api/chart'),
      releaseName: 'payments-api',
    });
    expect(manifests).toContain('image: "ghcr.io/acme/payments-api:3.2.0"');
  });
});
