/*
 * GitOpsRepository over the git CLI and a bare repository on disk.
 *
 * Design: no working tree. A commit is built with plumbing against a
 * temporary index of its own (`read-tree` of the expected head,
 * `hash-object -w`, `update-index --index-info`, `write-tree`,
 * `commit-tree`), so concurrent operations never share files. The branch
 * then moves with `update-ref <ref> <new> <expected old>`, which git performs
 * under the ref's lock and only when the ref still holds the expected value:
 * of two promotions built on the same head one moves the branch and the
 * other gets ConflictError, leaving behind only unreachable objects.
 * Exports (`exportTree`) use the same temporary index with `checkout-index`.
 */
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import fs from 'node:fs';
import path from 'node:path';
import {
  checkBranchName,
  checkIdentity,
  checkRepositoryPath,
  isCommitSha,
} from './repositoryPaths';
import {
  checkFileDirectoryClash,
  commitIndex,
  initBareRepository,
  isLostRace,
  parseLsTree,
  withTemporaryIndex,
  ZERO_SHA,
} from './plumbing';
import { createGitRunner, GitCommandError, type GitRunner } from './runGit';
import { readSeedDirectory } from './seedDirectory';
import type {
  GitIdentity,
  GitOpsCommitOptions,
  GitOpsLogEntry,
  GitOpsRepository,
  GitOpsSeedResult,
  GitOpsTreeEntry,
} from './types';

const MAX_LOG_ENTRIES = 1000;

/** The identity Maestro commits as when no user is involved (seeding). @public */
export const MAESTRO_GIT_IDENTITY: GitIdentity = {
  name: 'Maestro',
  email: 'maestro@localhost',
};

/** @public */
export type GitCliRepositoryOptions = {
  /** The bare repository's directory; `ensureSeeded` creates it. */
  repositoryPath: string;
  /** The git binary; defaults to `git` on PATH. */
  gitPath?: string;
};

/**
 * A GitOps repository in a local bare Git repository, driven by the git CLI.
 *
 * @public
 */
export class GitCliRepository implements GitOpsRepository {
  private readonly git: GitRunner;

  static create(options: GitCliRepositoryOptions): GitCliRepository {
    return new GitCliRepository(options);
  }

  private constructor(private readonly options: GitCliRepositoryOptions) {
    this.git = createGitRunner({
      gitDir: path.resolve(options.repositoryPath),
      gitPath: options.gitPath,
    });
  }

  async ensureSeeded(options: {
    seedDirectory: string;
    branch?: string;
    author?: GitIdentity;
    message?: string;
  }): Promise<GitOpsSeedResult> {
    const branch = checkBranchName(options.branch ?? 'main');
    await initBareRepository(this.git, this.options.repositoryPath, branch);
    const existing = await this.head(branch);
    if (existing) {
      return { created: false, head: existing };
    }
    const files = await readSeedDirectory(options.seedDirectory);
    const author = options.author ?? MAESTRO_GIT_IDENTITY;
    try {
      const head = await withTemporaryIndex(async env => {
        const shas = (
          await this.git(
            ['hash-object', '-w', '--no-filters', '--stdin-paths'],
            {
              input: files.map(f => `${f.absolutePath}\n`).join(''),
            },
          )
        )
          .trim()
          .split('\n');
        const entries = files.map(
          (f, i) => `${f.mode} blob ${shas[i]}\t${f.path}\n`,
        );
        await this.git(['update-index', '--add', '--index-info'], {
          input: entries.join(''),
          env,
        });
        return commitIndex(this.git, env, {
          branch,
          expectedHead: null,
          author,
          committer: author,
          message:
            options.message ??
            `Seed the GitOps repository from ${path.basename(
              path.resolve(options.seedDirectory),
            )}`,
          date: new Date(),
        });
      });
      return { created: true, head };
    } catch (error) {
      // Another process seeded the same branch first.
      if (error instanceof ConflictError) {
        const head = await this.head(branch);
        if (head) return { created: false, head };
      }
      throw error;
    }
  }

  async head(branch: string): Promise<string | undefined> {
    checkBranchName(branch);
    try {
      const out = await this.git([
        'rev-parse',
        '--verify',
        '--quiet',
        `refs/heads/${branch}^{commit}`,
      ]);
      return out.trim();
    } catch (error) {
      if (error instanceof GitCommandError && error.exitCode === 1) {
        return undefined;
      }
      throw error;
    }
  }

  async createBranch(branch: string, commit: string): Promise<void> {
    checkBranchName(branch);
    const sha = await this.resolveCommit(commit);
    try {
      await this.git(['update-ref', `refs/heads/${branch}`, sha, ZERO_SHA]);
    } catch (error) {
      if (isLostRace(error)) {
        throw new ConflictError(`Branch ${branch} already exists`);
      }
      throw error;
    }
  }

  async readFile(ref: string, filePath: string): Promise<string> {
    const commit = await this.resolveCommit(ref);
    const entry = await this.entryAt(commit, checkRepositoryPath(filePath));
    if (!entry) {
      throw new NotFoundError(`No file ${filePath} at ${ref}`);
    }
    if (entry.type !== 'blob') {
      throw new InputError(`${filePath} at ${ref} is a directory, not a file`);
    }
    const bytes = await this.git.buffer(['cat-file', 'blob', entry.sha]);
    return bytes.toString('utf8');
  }

  async listTree(
    ref: string,
    dir?: string,
    options: { recursive?: boolean } = {},
  ): Promise<GitOpsTreeEntry[]> {
    const commit = await this.resolveCommit(ref);
    const prefix =
      dir === undefined || dir === '' ? '' : checkRepositoryPath(dir);
    if (prefix) {
      const entry = await this.entryAt(commit, prefix);
      if (!entry) throw new NotFoundError(`No directory ${prefix} at ${ref}`);
      if (entry.type !== 'tree')
        throw new InputError(`${prefix} at ${ref} is a file, not a directory`);
    }
    const recursive = options.recursive ?? true;
    const out = await this.git([
      'ls-tree',
      '-z',
      ...(recursive ? ['-r'] : []),
      prefix ? `${commit}:${prefix}` : commit,
    ]);
    return parseLsTree(out, prefix);
  }

  async commitFiles(options: GitOpsCommitOptions): Promise<string> {
    const { branch, expectedHead } = options;
    checkBranchName(branch);
    if (expectedHead !== null && !isCommitSha(expectedHead ?? '')) {
      throw new InputError(
        'expectedHead must be a full commit sha (40 hex digits), or null to create the branch',
      );
    }
    checkIdentity(options.author, 'author');
    const committer = options.committer ?? options.author;
    checkIdentity(committer, 'committer');
    if (typeof options.message !== 'string' || options.message.trim() === '') {
      throw new InputError('A commit message is required');
    }
    const paths = Object.keys(options.files ?? {});
    if (paths.length === 0) {
      throw new InputError('Nothing to commit: no files given');
    }
    paths.forEach(p => checkRepositoryPath(p, 'file path'));

    const current = await this.head(branch);
    if ((current ?? null) !== expectedHead) {
      throw new ConflictError(
        `Branch ${branch} is at ${
          current ?? '(no such branch)'
        }, not at the expected ${expectedHead ?? '(no branch)'}`,
      );
    }

    return withTemporaryIndex(async env => {
      if (expectedHead) {
        await this.git(['read-tree', expectedHead], { env });
      }
      const existing = (await this.git(['ls-files', '-z'], { env }))
        .split('\0')
        .filter(Boolean);
      checkFileDirectoryClash(existing, options.files);
      const entries: string[] = [];
      for (const [filePath, content] of Object.entries(options.files)) {
        if (content === null) {
          entries.push(`0 ${ZERO_SHA}\t${filePath}\n`);
          continue;
        }
        if (typeof content !== 'string') {
          throw new InputError(`Content of ${filePath} must be a string`);
        }
        const blob = (
          await this.git(['hash-object', '-w', '--no-filters', '--stdin'], {
            input: content,
          })
        ).trim();
        entries.push(`100644 blob ${blob}\t${filePath}\n`);
      }
      try {
        await this.git(['update-index', '--add', '--index-info'], {
          input: entries.join(''),
          env,
        });
      } catch (error) {
        throw new InputError(
          `Cannot place the files in the tree: ${(error as Error).message}`,
        );
      }
      return commitIndex(this.git, env, {
        branch,
        expectedHead,
        author: options.author,
        committer,
        message: options.message,
        date: options.date ?? new Date(),
      });
    });
  }

  async log(options: {
    branch: string;
    path?: string;
    limit?: number;
  }): Promise<GitOpsLogEntry[]> {
    const limit = options.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LOG_ENTRIES) {
      throw new InputError(
        `limit must be an integer from 1 to ${MAX_LOG_ENTRIES}`,
      );
    }
    const commit = await this.resolveCommit(options.branch);
    const args = [
      'log',
      '-z',
      '--format=%H%x00%an%x00%ae%x00%aI%x00%B',
      `--max-count=${limit}`,
      commit,
    ];
    if (options.path !== undefined) {
      args.push('--', checkRepositoryPath(options.path));
    }
    const fields = (await this.git(args)).split('\0');
    const entries: GitOpsLogEntry[] = [];
    for (let i = 0; i + 4 < fields.length; i += 5) {
      entries.push({
        sha: fields[i].replace(/^\n/, ''),
        author: { name: fields[i + 1], email: fields[i + 2] },
        date: fields[i + 3],
        message: fields[i + 4].replace(/\n+$/, ''),
      });
    }
    return entries;
  }

  async diffFile(fromRef: string, toRef: string, filePath: string) {
    const [from, to] = await Promise.all([
      this.resolveCommit(fromRef),
      this.resolveCommit(toRef),
    ]);
    checkRepositoryPath(filePath);
    const [before, after] = await Promise.all([
      this.entryAt(from, filePath),
      this.entryAt(to, filePath),
    ]);
    if (!before && !after) {
      throw new NotFoundError(`No file ${filePath} at ${fromRef} or ${toRef}`);
    }
    return this.git([
      'diff',
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
      '--no-renames',
      from,
      to,
      '--',
      filePath,
    ]);
  }

  async exportTree(ref: string, subdir: string, targetDir: string) {
    const commit = await this.resolveCommit(ref);
    const entries = await this.listTree(commit, subdir);
    const linked = entries.find(
      e => e.mode === '120000' || e.mode === '160000',
    );
    if (linked) {
      throw new InputError(
        `${linked.path} is a symbolic link or submodule; charts are exported as plain files only`,
      );
    }
    const target = path.resolve(targetDir);
    await fs.promises.mkdir(target, { recursive: true });
    if ((await fs.promises.readdir(target)).length > 0) {
      throw new Error(`Export target ${target} is not empty`);
    }
    const treeish = subdir ? `${commit}:${subdir}` : commit;
    await withTemporaryIndex(async env => {
      await this.git(['read-tree', treeish], { env });
      await this.git(['checkout-index', '--all'], {
        env: { ...env, GIT_WORK_TREE: target },
      });
    });
  }

  /** A branch name or full sha to the commit sha, or NotFoundError. */
  private async resolveCommit(ref: string): Promise<string> {
    if (isCommitSha(ref)) {
      try {
        await this.git(['cat-file', '-e', `${ref}^{commit}`]);
        return ref;
      } catch {
        throw new NotFoundError(`No commit ${ref} in the GitOps repository`);
      }
    }
    const head = await this.head(ref);
    if (!head) {
      throw new NotFoundError(`No branch ${ref} in the GitOps repository`);
    }
    return head;
  }

  private async entryAt(
    commit: string,
    filePath: string,
  ): Promise<GitOpsTreeEntry | undefined> {
    const out = await this.git(['ls-tree', '-z', commit, '--', filePath]);
    return parseLsTree(out, '').find(e => e.path === filePath);
  }
}
