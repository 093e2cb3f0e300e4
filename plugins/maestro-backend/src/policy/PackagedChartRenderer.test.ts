import { locateHelm } from '@maestro-conductor/backstage-plugin-maestro-node';
import { createPolicyEngine } from '@maestro-conductor/backstage-plugin-maestro-node';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PackagedChartRenderer } from './PackagedChartRenderer';

jest.setTimeout(180_000);
const run = promisify(execFile);

describe('PackagedChartRenderer', () => {
  let helmPath: string;
  let archive: string;

  beforeAll(async () => {
    helmPath = await locateHelm();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'maestro-chart-test-'));
    // A public chart as `helm create` makes it, packaged as CI would send it.
    await run(helmPath, ['create', 'demo'], { cwd: dir });
    await fs.writeFile(
      path.join(dir, 'demo', 'values-prod.yaml'),
      'replicaCount: 3\n',
    );
    await run(helmPath, ['package', 'demo', '--destination', dir], {
      cwd: dir,
    });
    const [tgz] = (await fs.readdir(dir)).filter(f => f.endsWith('.tgz'));
    archive = (await fs.readFile(path.join(dir, tgz))).toString('base64');
  });

  it('renders every overlay of a packaged chart with the real helm binary', async () => {
    const inputs = await new PackagedChartRenderer({ helmPath }).render(
      archive,
    );
    const overlays = inputs.map(i =>
      i.kind === 'kubernetes' ? i.helm?.overlay : undefined,
    );
    expect(overlays).toEqual(
      expect.arrayContaining(['values.yaml', 'values-prod.yaml']),
    );
    expect(inputs[0]).toMatchObject({ kind: 'kubernetes', path: 'demo' });

    // helm create's defaults deserve findings: no resource limits, no
    // readOnlyRootFilesystem, no runAsNonRoot.
    const report = createPolicyEngine().evaluate(inputs);
    expect(report.passed).toBe(false);
    const deployment = report.findings.filter(
      f => f.location.resource?.kind === 'Deployment',
    );
    expect(deployment.length).toBeGreaterThan(0);
    expect(deployment[0].location.template).toBe(
      'demo/templates/deployment.yaml',
    );
  });

  it.each([
    ['an empty archive', ''],
    ['a file that is no gzip', Buffer.from('not a chart').toString('base64')],
  ])('refuses %s with a clear error', async (_what, value) => {
    await expect(
      new PackagedChartRenderer({ helmPath }).render(value),
    ).rejects.toMatchObject({
      name: 'InputError',
    });
  });
});
