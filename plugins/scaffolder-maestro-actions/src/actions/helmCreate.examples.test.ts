import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createPolicyEngine,
  helmInputs,
  lintHelmChart,
  locateHelm,
  renderHelmChart,
} from '@maestro-conductor/backstage-plugin-maestro-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { createMaestroHelmCreateAction } from './helmCreate';
import { examples } from './helmCreate.examples';

jest.setTimeout(120_000);

describe('maestro:helm:create examples', () => {
  const workspace = createMockDirectory();
  const action = createMaestroHelmCreateAction();
  let helmPath: string;

  beforeAll(async () => {
    helmPath = await locateHelm();
  });

  it.each(examples.map(e => [e.description, e] as const))(
    'runs: %s',
    async (_d, example) => {
      workspace.clear();
      const step = yaml.parse(example.example).steps[0];
      expect(step.action).toBe('maestro:helm:create');
      const ctx = createMockActionContext({
        input: step.input,
        workspacePath: workspace.path,
      });
      await action.handler(ctx);

      const chartDir = path.join(workspace.path, step.input.path);
      const chart = yaml.parse(
        await fs.readFile(path.join(chartDir, 'Chart.yaml'), 'utf8'),
      );
      expect(chart).toMatchObject({ apiVersion: 'v2', name: step.input.name });
      const values = yaml.parse(
        await fs.readFile(path.join(chartDir, 'values.yaml'), 'utf8'),
      );
      expect(values.image.repository).toBe(step.input.image);
      const channels: string[] = step.input.channels ?? [
        'dev',
        'staging',
        'prod',
      ];
      const overlays = [
        ...channels.map(c => `values-${c}.yaml`),
        'values-preview.yaml',
      ];
      expect(ctx.output).toHaveBeenCalledWith('overlays', overlays);
      for (const overlay of overlays) {
        await expect(
          fs.access(path.join(chartDir, overlay)),
        ).resolves.toBeUndefined();
      }
      expect(ctx.output).toHaveBeenCalledWith('changed', true);

      // The chart an example produces lints and passes the policy pack.
      expect(await lintHelmChart({ helmPath, chartDir })).toMatchObject({
        ok: true,
      });
      const rendered = await renderHelmChart({ helmPath, chartDir });
      const report = createPolicyEngine().evaluate(
        helmInputs(step.input.path, rendered),
      );
      expect(
        report.findings
          .filter(f => f.severity === 'deny')
          .map(f => `${f.ruleId} ${f.location.overlay}: ${f.message}`),
      ).toEqual([]);
    },
  );
});
