/*
 * The engine parts together, as a promotion will use them: seed a bare
 * repository from examples/gitops, change a channel's overlay, commit it, and
 * render both commits' chart with real Helm for the pre-promotion diff.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { locateHelm } from '../policy/helm';
import { GitCliRepository } from './GitCliRepository';
import { readImageValues, setImageDigest } from './imageValues';
import { diffRenderedManifests, diffValues, renderChart } from './renderedDiff';

jest.setTimeout(180_000);

const seedDirectory = path.resolve(__dirname, '../../../../examples/gitops');
const overlayPath = 'services/payments-api/values-staging.yaml';
const digest = `sha256:${'d'.repeat(64)}`;

describe('promotion flow over the demo seed', () => {
  let workDir: string;

  beforeAll(async () => {
    workDir = await fs.promises.mkdtemp(
      path.join(os.tmpdir(), 'maestro-promotion-flow-'),
    );
  });

  afterAll(async () => {
    await fs.promises.rm(workDir, { recursive: true, force: true });
  });

  it('commits a new digest to staging and shows only the Deployment image changing', async () => {
    const helmPath = await locateHelm();
    const repository = GitCliRepository.create({
      repositoryPath: path.join(workDir, 'gitops.git'),
    });
    const { head: before } = await repository.ensureSeeded({ seedDirectory });

    const overlay = await repository.readFile(before, overlayPath);
    const running = readImageValues(overlay);
    expect(running.repository).toBe('ghcr.io/acme/payments-api');
    const changed = setImageDigest(overlay, {
      repository: running.repository!,
      digest,
    });
    const after = await repository.commitFiles({
      branch: 'main',
      expectedHead: before,
      files: { [overlayPath]: changed },
      author: { name: 'Alice Owner', email: 'alice@example.com' },
      message: `Promote payments-api ${digest} to staging\n\nPromotion: demo-1`,
    });

    const render = async (commit: string) => {
      const dir = path.join(workDir, commit);
      await repository.exportTree(
        commit,
        'services/payments-api/chart',
        path.join(dir, 'chart'),
      );
      const values = path.join(dir, 'values-staging.yaml');
      await fs.promises.writeFile(
        values,
        await repository.readFile(commit, overlayPath),
      );
      return renderChart({
        helmPath,
        chartDir: path.join(dir, 'chart'),
        valuesFiles: [values],
        releaseName: 'payments-api',
        namespace: 'staging',
      });
    };
    const entries = diffRenderedManifests(
      await render(before),
      await render(after),
    );
    expect(entries.map(e => `${e.change} ${e.kind}/${e.name}`)).toEqual([
      'changed Deployment/payments-api',
    ]);
    expect(entries[0].diff).toContain(
      `+          image: ghcr.io/acme/payments-api@${digest}`,
    );
    expect(entries[0].diff).toContain(
      `-          image: ghcr.io/acme/payments-api@${running.digest}`,
    );

    expect(diffValues(overlay, changed).changes).toEqual([
      {
        path: ['image', 'digest'],
        change: 'changed',
        before: running.digest,
        after: digest,
      },
    ]);
    const gitDiff = await repository.diffFile(before, after, overlayPath);
    expect(gitDiff).toContain(
      `-  digest: ${running.digest}\n+  digest: ${digest}`,
    );
    const [latest] = await repository.log({
      branch: 'main',
      path: overlayPath,
      limit: 1,
    });
    expect(latest.sha).toBe(after);
    expect(latest.message).toContain('Promotion: demo-1');
  });
});
