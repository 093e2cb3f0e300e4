import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { createMaestroHelmCreateAction } from './helmCreate';

const CHART = 'services/payments-api/chart';
const BASE = {
  path: CHART,
  name: 'payments-api',
  image: 'ghcr.io/acme/payments-api',
};
const ZERO_DIGEST = `sha256:${'0'.repeat(64)}`;
const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('maestro:helm:create', () => {
  const workspace = createMockDirectory();
  const action = createMaestroHelmCreateAction();

  beforeEach(() => {
    workspace.setContent({ 'catalog-info.yaml': 'kind: Component\n' });
  });

  const run = (input: Record<string, unknown>, extra: object = {}) => {
    const ctx = {
      ...createMockActionContext({
        input: input as any,
        workspacePath: workspace.path,
      }),
      ...extra,
    };
    return { ctx, done: action.handler(ctx) };
  };

  const read = (file: string) =>
    fs.readFile(path.join(workspace.path, file), 'utf8');
  const exists = (file: string) =>
    fs.access(path.join(workspace.path, file)).then(
      () => true,
      () => false,
    );
  const output = (ctx: { output: jest.Mock }, name: string) =>
    ctx.output.mock.calls.find(([key]) => key === name)?.[1];

  it('writes the chart, its overlays and templates under the given path', async () => {
    const { ctx, done } = run(BASE);
    await done;
    const files = output(ctx as any, 'files') as string[];
    expect(files).toEqual(
      expect.arrayContaining(
        [
          'Chart.yaml',
          '.helmignore',
          'README.md',
          'values.yaml',
          'values-dev.yaml',
          'values-staging.yaml',
          'values-prod.yaml',
          'values-preview.yaml',
          'templates/_helpers.tpl',
          'templates/_pod.tpl',
          'templates/deployment.yaml',
          'templates/service.yaml',
          'templates/serviceaccount.yaml',
          'templates/networkpolicy.yaml',
          'templates/poddisruptionbudget.yaml',
          'templates/hpa.yaml',
          'templates/ingress.yaml',
        ].map(f => `${CHART}/${f}`),
      ),
    );
    for (const file of files) {
      expect(await exists(file)).toBe(true);
    }
    expect(await exists(`${CHART}/templates/rollout.yaml`)).toBe(false);
    expect(ctx.output).toHaveBeenCalledWith('chartPath', CHART);
    expect(ctx.output).toHaveBeenCalledWith('overlays', [
      'values-dev.yaml',
      'values-staging.yaml',
      'values-prod.yaml',
      'values-preview.yaml',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('changed', true);

    const chartYaml = yaml.parse(await read(`${CHART}/Chart.yaml`));
    expect(chartYaml).toMatchObject({
      apiVersion: 'v2',
      name: 'payments-api',
      appVersion: '0.1.0',
    });
  });

  it('writes an all-zero placeholder digest with a comment, and says so in the README', async () => {
    await run(BASE).done;
    const valuesText = await read(`${CHART}/values.yaml`);
    const values = yaml.parse(valuesText);
    expect(values.image).toMatchObject({
      repository: 'ghcr.io/acme/payments-api',
      digest: ZERO_DIGEST,
    });
    expect(valuesText).toMatch(/PLACEHOLDER.*\n.*promotion replaces it/);
    expect(valuesText).toContain('deliberately pulls nothing');
    for (const overlay of ['dev', 'staging', 'prod', 'preview']) {
      expect(
        yaml.parse(await read(`${CHART}/values-${overlay}.yaml`)).image.digest,
      ).toBe(ZERO_DIGEST);
    }
    const readme = await read(`${CHART}/README.md`);
    expect(readme).toContain('The image digest is a placeholder');
    expect(readme).toContain('deliberately pulls nothing');
    expect(await read(`${CHART}/templates/_helpers.tpl`)).toContain(
      'printf "%s@%s" $repository $digest',
    );
  });

  it('writes a given digest, port, probe paths and replicas into the values', async () => {
    await run({
      ...BASE,
      imageDigest: DIGEST,
      port: 9000,
      healthPath: '/livez',
      readinessPath: '/ready',
      replicas: { prod: 5 },
      previewTtlHours: 12,
    }).done;
    const values = yaml.parse(await read(`${CHART}/values.yaml`));
    expect(values.image.digest).toBe(DIGEST);
    expect(values.containerPort).toBe(9000);
    expect(values.probes.liveness.path).toBe('/livez');
    expect(values.probes.readiness.path).toBe('/ready');
    expect(values.preview.ttl).toBe('12h');
    expect(await read(`${CHART}/values.yaml`)).not.toContain('PLACEHOLDER');

    const dev = yaml.parse(await read(`${CHART}/values-dev.yaml`));
    expect(dev).toMatchObject({ replicas: 1, autoscaling: { enabled: false } });
    const staging = yaml.parse(await read(`${CHART}/values-staging.yaml`));
    expect(staging).toMatchObject({
      replicas: 2,
      autoscaling: { enabled: true, minReplicas: 2 },
    });
    const prod = yaml.parse(await read(`${CHART}/values-prod.yaml`));
    expect(prod).toMatchObject({
      image: { digest: DIGEST },
      replicas: 5,
      autoscaling: { enabled: true, minReplicas: 5, maxReplicas: 15 },
      ingress: { enabled: false },
    });
    expect(prod.resources.limits).toEqual({ cpu: '1', memory: '1Gi' });
    const preview = yaml.parse(await read(`${CHART}/values-preview.yaml`));
    expect(preview).toMatchObject({
      preview: { enabled: true, ttl: '12h', expiresAt: '' },
      replicas: 1,
      autoscaling: { enabled: false },
    });
  });

  it('writes an Argo Rollout and AnalysisTemplate for canary and blue-green', async () => {
    await run({ ...BASE, rolloutStrategy: 'canary' }).done;
    const rollout = await read(`${CHART}/templates/rollout.yaml`);
    expect(rollout).toContain('apiVersion: argoproj.io/v1alpha1');
    expect(rollout).toContain('kind: Rollout');
    expect(rollout).toMatch(/setWeight: 10[\s\S]*pause[\s\S]*analysis/);
    expect(await read(`${CHART}/templates/analysistemplate.yaml`)).toContain(
      'printf "result[0] >= %v"',
    );
    expect(await exists(`${CHART}/templates/deployment.yaml`)).toBe(false);

    const other = 'services/orders/chart';
    await run({
      ...BASE,
      path: other,
      name: 'orders',
      rolloutStrategy: 'blue-green',
    }).done;
    const blueGreen = await read(`${other}/templates/rollout.yaml`);
    expect(blueGreen).toContain('blueGreen:');
    expect(blueGreen).toContain('prePromotionAnalysis:');
    expect(blueGreen).toContain(
      'autoPromotionEnabled: {{ not .Values.rollout.progressive }}',
    );
  });

  it('writes the chart to chart/ when no path is given', async () => {
    const { ctx, done } = run({ name: 'payments-api', image: BASE.image });
    await done;
    expect(ctx.output).toHaveBeenCalledWith('chartPath', 'chart');
    expect(await exists('chart/Chart.yaml')).toBe(true);
  });

  it('changes nothing when run a second time', async () => {
    await run(BASE).done;
    const before = await read(`${CHART}/values-prod.yaml`);
    const second = run(BASE);
    await second.done;
    expect(second.ctx.output).toHaveBeenCalledWith('changed', false);
    expect(second.ctx.output).toHaveBeenCalledWith('files', []);
    expect(await read(`${CHART}/values-prod.yaml`)).toBe(before);
  });

  it('refuses to replace a chart that differs, unless overwrite is set', async () => {
    await run(BASE).done;
    const edited = `${await read(`${CHART}/values.yaml`)}# local edit\n`;
    await fs.writeFile(path.join(workspace.path, CHART, 'values.yaml'), edited);
    await expect(run({ ...BASE, port: 9090 }).done).rejects.toThrow(
      /already holds a chart that differs .*values\.yaml.*overwrite: true/,
    );
    expect(await read(`${CHART}/values.yaml`)).toBe(edited);

    const { ctx, done } = run({ ...BASE, port: 9090, overwrite: true });
    await done;
    expect(ctx.output).toHaveBeenCalledWith('changed', true);
    expect(yaml.parse(await read(`${CHART}/values.yaml`)).containerPort).toBe(
      9090,
    );
  });

  it('removes the Deployment when overwriting with a Rollout strategy', async () => {
    await run(BASE).done;
    await expect(
      run({ ...BASE, rolloutStrategy: 'canary' }).done,
    ).rejects.toThrow(/templates\/deployment\.yaml/);
    await run({ ...BASE, rolloutStrategy: 'canary', overwrite: true }).done;
    expect(await exists(`${CHART}/templates/deployment.yaml`)).toBe(false);
    expect(await exists(`${CHART}/templates/rollout.yaml`)).toBe(true);
  });

  it("writes the chart into the dry run's workspace, as a real run would", async () => {
    const { ctx, done } = run(
      { ...BASE, rolloutStrategy: 'canary' },
      { isDryRun: true },
    );
    await done;
    expect(ctx.output).toHaveBeenCalledWith('changed', true);
    expect(ctx.output).toHaveBeenCalledWith('chartPath', CHART);
    const files = output(ctx as any, 'files') as string[];
    expect(files).toEqual(
      expect.arrayContaining(
        [
          'Chart.yaml',
          'values.yaml',
          'values-dev.yaml',
          'values-staging.yaml',
          'values-prod.yaml',
          'values-preview.yaml',
          'templates/rollout.yaml',
          'templates/analysistemplate.yaml',
        ].map(f => `${CHART}/${f}`),
      ),
    );
    for (const file of files) {
      expect(await exists(file)).toBe(true);
    }
    expect(yaml.parse(await read(`${CHART}/Chart.yaml`))).toMatchObject({
      apiVersion: 'v2',
      name: 'payments-api',
    });
    // The same chart a real run writes: a real run after it changes nothing.
    const real = run({ ...BASE, rolloutStrategy: 'canary' });
    await real.done;
    expect(real.ctx.output).toHaveBeenCalledWith('changed', false);
  });

  it('refuses a differing chart in a dry run as well, and replaces it there only with overwrite', async () => {
    await run(BASE).done;
    await expect(
      run({ ...BASE, rolloutStrategy: 'canary' }, { isDryRun: true }).done,
    ).rejects.toThrow(/templates\/deployment\.yaml.*overwrite: true/);
    expect(await exists(`${CHART}/templates/rollout.yaml`)).toBe(false);
    await run(
      { ...BASE, rolloutStrategy: 'canary', overwrite: true },
      { isDryRun: true },
    ).done;
    expect(await exists(`${CHART}/templates/deployment.yaml`)).toBe(false);
    expect(await exists(`${CHART}/templates/rollout.yaml`)).toBe(true);
  });

  it.each([false, true])(
    'refuses paths outside the workspace (dry run: %s)',
    async isDryRun => {
      await expect(
        run({ ...BASE, path: '../outside' }, { isDryRun }).done,
      ).rejects.toThrow(/outside/i);
      await expect(
        run({ ...BASE, path: '/etc/chart' }, { isDryRun }).done,
      ).rejects.toThrow(/outside/i);
      expect(await exists('../outside')).toBe(false);
    },
  );

  it('refuses a chart path that is a file', async () => {
    await expect(
      run({ ...BASE, path: 'catalog-info.yaml' }).done,
    ).rejects.toThrow(
      /catalog-info\.yaml or one of its parent folders is a file/,
    );
    await expect(
      run({ ...BASE, path: 'catalog-info.yaml/chart' }).done,
    ).rejects.toThrow(/or one of its parent folders is a file/);
    workspace.setContent({ [`${CHART}/templates`]: 'not a folder' });
    await expect(run(BASE).done).rejects.toThrow(
      /chart\/templates\/.* or one of its parent folders is in the way/,
    );
  });

  it.each([
    [
      { name: 'Payments_API' },
      /Invalid name 'Payments_API': it must be a DNS label/,
    ],
    [{ name: 'payments-' }, /must be a DNS label/],
    [{ name: `a${'b'.repeat(40)}` }, /at most 40 characters/],
    [
      { image: 'ghcr.io/acme/payments-api:1.0' },
      /Invalid image: .*contains a tag/,
    ],
    [{ imageDigest: 'sha256:abc' }, /Invalid imageDigest 'sha256:abc'/],
    [{ imageDigest: `md5:${'a'.repeat(64)}` }, /expected sha256:/],
    [
      { rolloutStrategy: 'recreate' },
      /Unknown rolloutStrategy 'recreate': use one of rolling, canary, blue-green/,
    ],
    [{ channels: ['dev', 'prod', 'dev'] }, /'dev' is listed twice/],
    [{ channels: [] }, /at least one release channel/],
    [{ channels: ['Prod!'] }, /Invalid channel 'Prod!'/],
    [{ channels: ['dev', 'preview'] }, /'preview': the name is reserved/],
    [{ port: 80 }, /Invalid port 80: use 1024-65535/],
    [{ port: 8080.5 }, /Invalid port/],
    [{ healthPath: 'healthz' }, /Invalid healthPath 'healthz'/],
    [{ readinessPath: '/ready{{ .x }}' }, /Invalid readinessPath/],
    [{ replicas: { qa: 2 } }, /'qa' is not one of the channels/],
    [{ replicas: { prod: 0 } }, /Invalid replicas for 'prod': 0/],
    [{ previewTtlHours: 0 }, /Invalid previewTtlHours 0/],
  ])('refuses %j with a reason and writes nothing', async (bad, message) => {
    const error = await run({ ...BASE, ...bad }).done.then(
      () => undefined,
      e => e,
    );
    expect(error).toMatchObject({ name: 'InputError' });
    expect(error.message).toMatch(message);
    expect(await exists(CHART)).toBe(false);
  });
});
