import { ConfigReader } from '@backstage/config';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { createMaestroPublishLocalAction } from './publishLocal';
import { examples } from './publishLocal.examples';

const SERVICE_FILES = {
  'catalog-info.yaml': 'kind: Component\nmetadata:\n  name: payments-api\n',
  'services/payments-api/Dockerfile': 'FROM scratch\n',
  'services/payments-api/chart/Chart.yaml': 'apiVersion: v2\nname: x\n',
  '.gitignore': 'node_modules/\n',
  'node_modules/left-pad/index.js': 'module.exports = 1;\n',
};

describe('maestro:publish:local', () => {
  const workspace = createMockDirectory();
  const repositories = createMockDirectory();
  const action = createMaestroPublishLocalAction({
    config: new ConfigReader({
      maestro: {
        scaffolder: { localRepositories: { directory: repositories.path } },
      },
    }),
  });

  beforeEach(() => {
    workspace.setContent(SERVICE_FILES);
    repositories.clear();
  });

  const run = async (input: Record<string, unknown>, extra: object = {}) => {
    const ctx = {
      ...createMockActionContext({
        input: input as any,
        workspacePath: workspace.path,
      }),
      ...extra,
    };
    await action.handler(ctx);
    return ctx.output as jest.Mock;
  };
  const outputs = (output: jest.Mock) => Object.fromEntries(output.mock.calls);
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

  it('commits the workspace into a new repository that can be cloned', async () => {
    const out = outputs(await run({ repoName: 'payments-api' }));
    const repo = path.join(repositories.path, 'payments-api');
    expect(out).toMatchObject({
      remoteUrl: `file://${repo}`,
      repoContentsUrl: repo,
      changed: true,
    });
    expect(out.commitHash).toMatch(/^[0-9a-f]{40}$/);
    expect(git(repo, 'rev-parse', 'main')).toBe(out.commitHash);
    expect(git(repo, 'ls-files').split('\n').sort()).toEqual([
      '.gitignore',
      'catalog-info.yaml',
      'services/payments-api/Dockerfile',
      'services/payments-api/chart/Chart.yaml',
    ]);
    // The working tree is checked out for the catalog's file location.
    expect(
      fs.readFileSync(path.join(repo, 'catalog-info.yaml'), 'utf8'),
    ).toContain('payments-api');

    const clone = path.join(workspace.path, '..', `clone-${Date.now()}`);
    execFileSync('git', ['clone', '--quiet', out.remoteUrl, clone]);
    expect(
      fs.existsSync(path.join(clone, 'services/payments-api/Dockerfile')),
    ).toBe(true);
    fs.rmSync(clone, { recursive: true, force: true });
  });

  it('changes nothing when the same content is published again', async () => {
    const first = outputs(await run({ repoName: 'payments-api' }));
    const second = outputs(await run({ repoName: 'payments-api' }));
    expect(second).toMatchObject({
      changed: false,
      commitHash: first.commitHash,
    });
    const repo = path.join(repositories.path, 'payments-api');
    expect(git(repo, 'rev-list', '--count', 'main')).toBe('1');
  });

  it('refuses to overwrite a repository of the same name with other content', async () => {
    await run({ repoName: 'payments-api' });
    workspace.addContent({ 'services/payments-api/Dockerfile': 'FROM x\n' });
    await expect(run({ repoName: 'payments-api' })).rejects.toThrow(
      /already exists with other content/,
    );
    const repo = path.join(repositories.path, 'payments-api');
    expect(git(repo, 'show', 'main:services/payments-api/Dockerfile')).toBe(
      'FROM scratch',
    );
  });

  it('refuses a folder that is in the way and is not a repository', async () => {
    repositories.setContent({ 'payments-api/notes.txt': 'mine' });
    await expect(run({ repoName: 'payments-api' })).rejects.toThrow(
      /is not a git repository/,
    );
    expect(
      fs.readdirSync(path.join(repositories.path, 'payments-api')),
    ).toEqual(['notes.txt']);
  });

  it('publishes a sub-folder on the branch asked for, with the author given', async () => {
    const out = outputs(
      await run({
        repoName: 'payments-api',
        sourcePath: 'services/payments-api',
        defaultBranch: 'trunk',
        gitAuthorName: 'Ada Lovelace',
        gitAuthorEmail: 'ada@example.com',
        commitMessage: 'Scaffold payments-api',
      }),
    );
    const repo = out.repoContentsUrl;
    expect(git(repo, 'ls-files').split('\n').sort()).toEqual([
      'Dockerfile',
      'chart/Chart.yaml',
    ]);
    expect(git(repo, 'log', '-1', '--format=%an <%ae> %s', 'trunk')).toBe(
      'Ada Lovelace <ada@example.com> Scaffold payments-api',
    );
    expect(git(repo, 'symbolic-ref', 'HEAD')).toBe('refs/heads/trunk');
  });

  it.each([
    [{ repoName: '../escape' }, /Invalid repoName/],
    [{ repoName: 'Payments API' }, /Invalid repoName/],
    [{ repoName: 'ok', defaultBranch: '-x' }, /Invalid defaultBranch/],
    [{ repoName: 'ok', sourcePath: '../outside' }, /outside/i],
    [{ repoName: 'ok', sourcePath: '/etc' }, /outside/i],
    [{ repoName: 'ok', sourcePath: 'missing' }, /Nothing to publish/],
  ])('rejects bad input %j', async (input, message) => {
    await expect(run(input)).rejects.toThrow(message);
    expect(fs.readdirSync(repositories.path)).toEqual([]);
  });

  it('writes nothing in a dry run', async () => {
    const out = outputs(
      await run({ repoName: 'payments-api' }, { isDryRun: true }),
    );
    expect(out.remoteUrl).toBe(
      `file://${path.join(repositories.path, 'payments-api')}`,
    );
    expect(fs.readdirSync(repositories.path)).toEqual([]);
  });

  it.each(examples.map(e => [e.description, e] as const))(
    'runs the example: %s',
    async (_d, example) => {
      workspace.setContent({
        ...SERVICE_FILES,
        'repository/catalog-info.yaml': 'kind: Component\n',
      });
      const step = yaml.parse(example.example).steps[0];
      const out = outputs(await run(step.input));
      expect(out.changed).toBe(true);
      expect(
        fs.existsSync(path.join(out.repoContentsUrl, 'catalog-info.yaml')),
      ).toBe(true);
    },
  );
});
