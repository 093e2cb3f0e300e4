import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { examples } from './publishLocal.examples';

const execFileAsync = promisify(execFile);

const REPO_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;
const BRANCH = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/;
const DEFAULT_DIRECTORY = 'data/repositories';

/**
 * Where `maestro:publish:local` keeps its repositories: the configured
 * `maestro.scaffolder.localRepositories.directory`, resolved against the
 * backend's working directory, or `data/repositories` under it.
 *
 * @public
 */
export function localRepositoriesDirectory(config: Config): string {
  return path.resolve(
    config.getOptionalString(
      'maestro.scaffolder.localRepositories.directory',
    ) ?? DEFAULT_DIRECTORY,
  );
}

/**
 * `maestro:publish:local` publishes the workspace as a git repository on the
 * backend's disk, for portals without a GitHub integration (the local
 * default): the whole golden path works on a fresh machine, and the result can
 * be cloned with `git clone <remoteUrl>`.
 *
 * The repository keeps a working tree so the catalog can read its
 * catalog-info.yaml as a `file` location. Publishing the same content again
 * changes nothing; a repository of that name with other content is refused
 * rather than overwritten.
 *
 * @public
 */
export function createMaestroPublishLocalAction(options: { config: Config }) {
  const directory = localRepositoriesDirectory(options.config);
  return createTemplateAction({
    id: 'maestro:publish:local',
    description:
      'Publishes the workspace as a git repository in the portal’s local repositories folder (for portals without a GitHub integration)',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z.string({
            description:
              'Repository name: lower-case letters, digits, dots, dashes and underscores',
          }),
        sourcePath: z =>
          z
            .string({
              description:
                'Folder of the workspace to publish (default: the whole workspace)',
            })
            .optional(),
        defaultBranch: z =>
          z
            .string({ description: 'Branch to commit to (default main)' })
            .optional(),
        commitMessage: z =>
          z.string({ description: 'Message of the commit' }).optional(),
        gitAuthorName: z =>
          z.string({ description: 'Commit author name' }).optional(),
        gitAuthorEmail: z =>
          z.string({ description: 'Commit author e-mail' }).optional(),
      },
      output: {
        remoteUrl: z =>
          z.string({ description: 'file:// URL to clone the repository from' }),
        repoContentsUrl: z =>
          z.string({ description: 'Folder holding the published files' }),
        commitHash: z =>
          z.string({ description: 'Commit the branch points at' }),
        changed: z =>
          z.boolean({ description: 'Whether a commit had to be made' }),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      if (!REPO_NAME.test(input.repoName)) {
        throw new InputError(
          `Invalid repoName '${input.repoName}': use lower-case letters, digits, dots, dashes and underscores`,
        );
      }
      const branch = input.defaultBranch ?? 'main';
      if (!BRANCH.test(branch) || branch.includes('..')) {
        throw new InputError(`Invalid defaultBranch '${branch}'`);
      }
      const source = resolveSafeChildPath(
        ctx.workspacePath,
        input.sourcePath ?? '.',
      );
      const target = resolveSafeChildPath(directory, input.repoName);
      const remoteUrl = `file://${target}`;
      if (ctx.isDryRun) {
        ctx.output('remoteUrl', remoteUrl);
        ctx.output('repoContentsUrl', target);
        ctx.output('commitHash', '0'.repeat(40));
        ctx.output('changed', true);
        return;
      }

      const author = {
        name: input.gitAuthorName ?? 'Maestro scaffolder',
        email: input.gitAuthorEmail ?? 'scaffolder@maestro.local',
      };
      const result = await ctx.checkpoint({
        key: `maestro-publish-local-${input.repoName}`,
        fn: () =>
          publish({
            source,
            target,
            branch,
            author,
            message:
              input.commitMessage ?? `Create ${input.repoName} from a template`,
          }),
      });
      ctx.logger.info(
        result.changed
          ? `Published ${input.repoName} to ${target} (${result.commitHash})`
          : `${target} already holds this content (${result.commitHash})`,
      );
      ctx.output('remoteUrl', remoteUrl);
      ctx.output('repoContentsUrl', target);
      ctx.output('commitHash', result.commitHash);
      ctx.output('changed', result.changed);
    },
  });
}

type PublishRequest = {
  source: string;
  target: string;
  branch: string;
  author: { name: string; email: string };
  message: string;
};

async function git(cwd: string, args: string[], env?: NodeJS.ProcessEnv) {
  const { stdout } = await execFileAsync('git', args, {
    cwd,
    env: { ...process.env, ...env, GIT_TERMINAL_PROMPT: '0' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout.trim();
}

async function publish(request: PublishRequest) {
  const { source, target, branch, author, message } = request;
  await assertDirectory(source);
  const existing = await isGitRepository(target);
  if (!existing) {
    const entries = await fs.readdir(target).catch(() => [] as string[]);
    if (entries.length > 0) {
      throw new ConflictError(
        `${target} exists and is not a git repository; choose another repoName`,
      );
    }
    await fs.mkdir(target, { recursive: true });
    await git(target, ['init', '--quiet', '--initial-branch', branch]);
  }

  // Stage the workspace in a scratch index so an existing repository's files
  // are compared, not touched, before deciding whether this is a re-run.
  const env = {
    GIT_INDEX_FILE: path.join(target, '.git', 'maestro-publish.index'),
    GIT_WORK_TREE: source,
    GIT_DIR: path.join(target, '.git'),
  };
  await fs.rm(env.GIT_INDEX_FILE, { force: true });
  await git(source, ['add', '--all', '.'], env);
  const tree = await git(source, ['write-tree'], env);
  await fs.rm(env.GIT_INDEX_FILE, { force: true });

  const head = existing
    ? await git(target, [
        'rev-parse',
        '--verify',
        '--quiet',
        `${branch}^{commit}`,
      ]).catch(() => '')
    : '';
  if (head) {
    const headTree = await git(target, ['rev-parse', `${head}^{tree}`]);
    if (headTree === tree) {
      return { commitHash: head, changed: false };
    }
    throw new ConflictError(
      `A local repository named ${path.basename(
        target,
      )} already exists with other content; choose another repoName`,
    );
  }

  const identity = {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
  };
  const commitHash = await git(
    target,
    ['commit-tree', tree, '-m', message],
    identity,
  );
  await git(target, ['update-ref', `refs/heads/${branch}`, commitHash]);
  await git(target, ['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
  // Check the commit out so the catalog can read the files in place.
  await git(target, ['reset', '--quiet', '--hard', commitHash]);
  return { commitHash, changed: true };
}

async function assertDirectory(dir: string) {
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) {
    throw new InputError(`Nothing to publish: ${dir} is not a folder`);
  }
}

async function isGitRepository(dir: string): Promise<boolean> {
  const stat = await fs.stat(path.join(dir, '.git')).catch(() => undefined);
  return Boolean(stat?.isDirectory());
}
