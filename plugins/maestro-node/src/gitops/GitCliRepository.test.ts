import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { GitCliRepository } from './GitCliRepository';

const execFileAsync = promisify(execFile);

jest.setTimeout(60_000);

const alice = { name: 'Alice Owner', email: 'alice@example.com' };
const bob = { name: 'Bob Member', email: 'bob@example.com' };

async function gitLog(repositoryPath: string, ...args: string[]) {
  const { stdout } = await execFileAsync('git', ['log', ...args], {
    env: {
      PATH: process.env.PATH,
      GIT_DIR: repositoryPath,
      GIT_CONFIG_NOSYSTEM: '1',
    },
  });
  return stdout;
}

describe('GitCliRepository', () => {
  let workDir: string;
  let seedDir: string;
  let repositoryPath: string;
  let repository: GitCliRepository;

  beforeEach(async () => {
    workDir = await fs.promises.mkdtemp(
      path.join(os.tmpdir(), 'maestro-gitops-test-'),
    );
    seedDir = path.join(workDir, 'seed');
    await fs.promises.mkdir(
      path.join(seedDir, 'services/api/chart/templates'),
      {
        recursive: true,
      },
    );
    await fs.promises.writeFile(
      path.join(seedDir, 'services/api/chart/Chart.yaml'),
      'apiVersion: v2\nname: api\nversion: 0.1.0\n',
    );
    await fs.promises.writeFile(
      path.join(seedDir, 'services/api/chart/templates/configmap.yaml'),
      'kind: ConfigMap\n',
    );
    await fs.promises.writeFile(
      path.join(seedDir, 'services/api/values-dev.yaml'),
      '# dev overlay\nreplicaCount: 1\n',
    );
    repositoryPath = path.join(workDir, 'data', 'gitops.git');
    repository = GitCliRepository.create({ repositoryPath });
  });

  afterEach(async () => {
    await fs.promises.rm(workDir, { recursive: true, force: true });
  });

  it('seeds a bare repository once and then leaves it alone', async () => {
    const first = await repository.ensureSeeded({ seedDirectory: seedDir });
    expect(first.created).toBe(true);
    expect(fs.existsSync(path.join(repositoryPath, 'HEAD'))).toBe(true);
    expect(await repository.head('main')).toBe(first.head);

    await fs.promises.writeFile(path.join(seedDir, 'extra.yaml'), 'x: 1\n');
    const second = await repository.ensureSeeded({ seedDirectory: seedDir });
    expect(second).toEqual({ created: false, head: first.head });
    await expect(repository.readFile('main', 'extra.yaml')).rejects.toThrow(
      NotFoundError,
    );

    const entries = await repository.listTree('main', 'services/api');
    expect(entries.map(e => e.path)).toEqual([
      'services/api/chart/Chart.yaml',
      'services/api/chart/templates/configmap.yaml',
      'services/api/values-dev.yaml',
    ]);
    const top = await repository.listTree('main', 'services/api', {
      recursive: false,
    });
    expect(top.map(e => [e.path, e.type])).toEqual([
      ['services/api/chart', 'tree'],
      ['services/api/values-dev.yaml', 'blob'],
    ]);
    expect(await gitLog(repositoryPath, '--format=%an <%ae>', 'main')).toBe(
      'Maestro <maestro@localhost>\n',
    );
  });

  it('survives two processes seeding at the same time', async () => {
    const other = GitCliRepository.create({ repositoryPath });
    const [a, b] = await Promise.all([
      repository.ensureSeeded({ seedDirectory: seedDir }),
      other.ensureSeeded({ seedDirectory: seedDir }),
    ]);
    expect(a.head).toBe(b.head);
    expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
    expect(await gitLog(repositoryPath, '--oneline', 'main')).toMatch(
      /^[0-9a-f]+ Seed/,
    );
    expect(
      (await gitLog(repositoryPath, '--oneline', 'main')).trim().split('\n'),
    ).toHaveLength(1);
    expect(fs.readdirSync(path.dirname(repositoryPath))).toEqual([
      'gitops.git',
    ]);
  });

  it('commits files as the author given, with the message, on top of the expected head', async () => {
    const { head } = await repository.ensureSeeded({ seedDirectory: seedDir });
    const date = new Date('2026-03-01T10:00:00Z');
    const sha = await repository.commitFiles({
      branch: 'main',
      expectedHead: head,
      files: {
        'services/api/values-dev.yaml': '# dev overlay\nreplicaCount: 2\n',
        'services/api/values-staging.yaml': 'replicaCount: 3\n',
      },
      author: alice,
      committer: { name: 'Maestro', email: 'maestro@localhost' },
      message: 'Promote api to dev\n\nPromotion: p-1',
      date,
    });
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await repository.head('main')).toBe(sha);
    expect(
      await repository.readFile('main', 'services/api/values-dev.yaml'),
    ).toBe('# dev overlay\nreplicaCount: 2\n');
    expect(
      await repository.readFile(head, 'services/api/values-dev.yaml'),
    ).toBe('# dev overlay\nreplicaCount: 1\n');
    // The rest of the tree is carried over.
    expect(
      await repository.readFile(sha, 'services/api/chart/Chart.yaml'),
    ).toContain('name: api');
    expect(
      await gitLog(
        repositoryPath,
        '-1',
        '--format=%an|%ae|%cn|%aI|%P|%B',
        'main',
      ),
    ).toBe(
      `Alice Owner|alice@example.com|Maestro|2026-03-01T10:00:00+00:00|${head}|Promote api to dev\n\nPromotion: p-1\n`,
    );

    const log = await repository.log({ branch: 'main' });
    expect(log.map(e => e.sha)).toEqual([sha, head]);
    expect(log[0]).toEqual({
      sha,
      author: alice,
      date: '2026-03-01T10:00:00+00:00',
      message: 'Promote api to dev\n\nPromotion: p-1',
    });
    const staging = await repository.log({
      branch: 'main',
      path: 'services/api/values-staging.yaml',
    });
    expect(staging.map(e => e.sha)).toEqual([sha]);
    expect(await repository.log({ branch: 'main', limit: 1 })).toHaveLength(1);

    const diff = await repository.diffFile(
      head,
      sha,
      'services/api/values-dev.yaml',
    );
    expect(diff).toContain('--- a/services/api/values-dev.yaml');
    expect(diff).toContain('-replicaCount: 1\n+replicaCount: 2');
    expect(
      await repository.diffFile(head, sha, 'services/api/values-staging.yaml'),
    ).toContain('new file mode 100644');
    expect(
      await repository.diffFile(sha, 'main', 'services/api/values-dev.yaml'),
    ).toBe('');
  });

  it('lets exactly one of two concurrent commits on the same head win', async () => {
    const { head } = await repository.ensureSeeded({ seedDirectory: seedDir });
    const promote = (who: typeof alice, replicas: number) =>
      repository.commitFiles({
        branch: 'main',
        expectedHead: head,
        files: {
          'services/api/values-dev.yaml': `replicaCount: ${replicas}\n`,
        },
        author: who,
        message: `Promote by ${who.name}`,
      });
    const results = await Promise.allSettled([
      promote(alice, 2),
      promote(bob, 3),
    ]);
    const won = results.filter(r => r.status === 'fulfilled');
    const lost = results.filter(r => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(
      ConflictError,
    );

    const winner = (won[0] as PromiseFulfilledResult<string>).value;
    expect(await repository.head('main')).toBe(winner);
    const lines = (await gitLog(repositoryPath, '--format=%H %s', 'main'))
      .trim()
      .split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0].startsWith(winner)).toBe(true);

    // A stale head is refused too, before anything is written.
    await expect(promote(bob, 4)).rejects.toThrow(ConflictError);
    expect(await repository.head('main')).toBe(winner);
  });

  it('deletes files, creates branches and refuses bad input with the reason', async () => {
    const { head } = await repository.ensureSeeded({ seedDirectory: seedDir });
    await repository.createBranch('channel/prod', head);
    expect(await repository.head('channel/prod')).toBe(head);
    await expect(repository.createBranch('channel/prod', head)).rejects.toThrow(
      ConflictError,
    );

    const removed = await repository.commitFiles({
      branch: 'channel/prod',
      expectedHead: head,
      files: { 'services/api/values-dev.yaml': null },
      author: alice,
      message: 'Drop the dev overlay from the prod branch',
    });
    await expect(
      repository.readFile(removed, 'services/api/values-dev.yaml'),
    ).rejects.toThrow(NotFoundError);
    expect(await repository.head('main')).toBe(head);

    const base = {
      branch: 'main',
      expectedHead: head,
      author: alice,
      message: 'm',
    };
    await expect(
      repository.commitFiles({ ...base, files: { '../escape.yaml': 'x' } }),
    ).rejects.toThrow(InputError);
    await expect(
      repository.commitFiles({ ...base, files: { '.git/config': 'x' } }),
    ).rejects.toThrow(/reaches into .git/);
    await expect(
      repository.commitFiles({
        ...base,
        files: {
          'services/api/values-dev.yaml': '# dev overlay\nreplicaCount: 1\n',
        },
      }),
    ).rejects.toThrow(/Nothing to commit/);
    await expect(
      repository.commitFiles({
        ...base,
        author: { name: 'Eve <x>', email: 'e@x' },
        files: { a: 'b' },
      }),
    ).rejects.toThrow(InputError);
    await expect(
      repository.commitFiles({
        ...base,
        expectedHead: 'main',
        files: { a: 'b' },
      }),
    ).rejects.toThrow(/full commit sha/);
    await expect(
      repository.commitFiles({
        ...base,
        branch: 'bad..name',
        files: { a: 'b' },
      }),
    ).rejects.toThrow(InputError);
    await expect(
      repository.commitFiles({
        ...base,
        files: { 'services/api/values-dev.yaml/x': 'b' },
      }),
    ).rejects.toThrow(/is a file/);
    await expect(
      repository.commitFiles({ ...base, files: { services: 'b' } }),
    ).rejects.toThrow(/is a directory/);
    expect(await repository.head('main')).toBe(head);
  });

  it('answers NotFoundError for missing files, branches and commits', async () => {
    const { head } = await repository.ensureSeeded({ seedDirectory: seedDir });
    await expect(
      repository.readFile('main', 'services/nope/values-dev.yaml'),
    ).rejects.toThrow(NotFoundError);
    await expect(
      repository.readFile('nope', 'services/api/values-dev.yaml'),
    ).rejects.toThrow(NotFoundError);
    await expect(
      repository.readFile('0123456789012345678901234567890123456789', 'a'),
    ).rejects.toThrow(NotFoundError);
    await expect(repository.readFile('main', 'services/api')).rejects.toThrow(
      /is a directory/,
    );
    await expect(
      repository.diffFile(head, 'main', 'missing.yaml'),
    ).rejects.toThrow(NotFoundError);
    await expect(repository.listTree('main', 'services/nope')).rejects.toThrow(
      NotFoundError,
    );
    expect(await repository.head('nope')).toBeUndefined();
  });

  it('exports a chart directory to disk', async () => {
    await repository.ensureSeeded({ seedDirectory: seedDir });
    const target = path.join(workDir, 'export', 'api');
    await repository.exportTree('main', 'services/api/chart', target);
    expect(fs.readFileSync(path.join(target, 'Chart.yaml'), 'utf8')).toContain(
      'name: api',
    );
    expect(
      fs.readFileSync(path.join(target, 'templates/configmap.yaml'), 'utf8'),
    ).toBe('kind: ConfigMap\n');
    expect(fs.readdirSync(target).sort()).toEqual(['Chart.yaml', 'templates']);
    await expect(
      repository.exportTree('main', 'services/api/chart', target),
    ).rejects.toThrow(/not empty/);
    await expect(
      repository.exportTree('main', 'services/nope', path.join(workDir, 'x')),
    ).rejects.toThrow(NotFoundError);
  });
});
