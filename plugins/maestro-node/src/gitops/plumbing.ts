/*
 * The git plumbing GitCliRepository is built from: commits on a temporary
 * index ending in update-ref's compare-and-swap, creation of the bare
 * repository, and parsing of ls-tree output.
 */
import { ConflictError, InputError } from '@backstage/errors';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitCommandError, type GitRunner } from './runGit';
import type { GitIdentity, GitOpsTreeEntry } from './types';

export const ZERO_SHA = '0000000000000000000000000000000000000000';

function identityEnv(
  author: GitIdentity,
  committer: GitIdentity,
  date: Date,
): Record<string, string> {
  const when = `${Math.floor(date.getTime() / 1000)} +0000`;
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_AUTHOR_DATE: when,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
    GIT_COMMITTER_DATE: when,
  };
}

export function isLostRace(error: unknown): boolean {
  return (
    error instanceof GitCommandError &&
    /cannot lock ref|but expected|reference already exists|\.lock': File exists/.test(
      error.stderr,
    )
  );
}

/**
 * `update-index --index-info` accepts `a/b` while `a` is a file, which would
 * write a tree with two entries named `a`; refuse such a change instead.
 */
export function checkFileDirectoryClash(
  existing: string[],
  files: Record<string, string | null>,
) {
  const present = new Set(existing.filter(p => files[p] !== null));
  for (const [p, content] of Object.entries(files)) {
    if (content !== null) present.add(p);
  }
  const directories = new Set<string>();
  for (const p of present) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) {
      directories.add(parts.slice(0, i).join('/'));
    }
  }
  for (const [p, content] of Object.entries(files)) {
    if (content === null) continue;
    if (directories.has(p)) {
      throw new InputError(`Cannot write ${p}: it is a directory in the tree`);
    }
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (present.has(parent)) {
        throw new InputError(`Cannot write ${p}: ${parent} is a file`);
      }
    }
  }
}

/** Parses `ls-tree -z` output: `<mode> <type> <sha>\t<path>\0`. */
export function parseLsTree(output: string, prefix: string): GitOpsTreeEntry[] {
  return output
    .split('\0')
    .filter(line => line !== '')
    .map(line => {
      const tab = line.indexOf('\t');
      const [mode, type, sha] = line.slice(0, tab).split(' ');
      const name = line.slice(tab + 1);
      return {
        path: prefix ? `${prefix}/${name}` : name,
        type: type === 'tree' ? 'tree' : 'blob',
        mode,
        sha,
      } as GitOpsTreeEntry;
    });
}

/** Creates the bare repository if missing; safe when two processes race. */
export async function initBareRepository(
  git: GitRunner,
  repositoryPath: string,
  branch: string,
) {
  const target = path.resolve(repositoryPath);
  if (fs.existsSync(path.join(target, 'HEAD'))) {
    return;
  }
  const parent = path.dirname(target);
  await fs.promises.mkdir(parent, { recursive: true });
  const staging = await fs.promises.mkdtemp(
    path.join(parent, `.${path.basename(target)}-`),
  );
  try {
    await git(
      ['init', '--quiet', '--bare', `--initial-branch=${branch}`, staging],
      {
        env: { GIT_DIR: staging },
      },
    );
    try {
      // rename(2) also replaces an empty directory left for the repository.
      await fs.promises.rename(staging, target);
    } catch (error) {
      if (!fs.existsSync(path.join(target, 'HEAD'))) {
        throw new Error(
          `Cannot create the GitOps repository at ${target}: ${
            (error as Error).message
          }`,
        );
      }
    }
  } finally {
    await fs.promises.rm(staging, { recursive: true, force: true });
  }
}

/** write-tree, commit-tree and the compare-and-swap of the branch. */
export async function commitIndex(
  git: GitRunner,
  env: Record<string, string>,
  commit: {
    branch: string;
    expectedHead: string | null;
    author: GitIdentity;
    committer: GitIdentity;
    message: string;
    date: Date;
  },
): Promise<string> {
  const tree = (await git(['write-tree'], { env })).trim();
  if (commit.expectedHead) {
    const parentTree = (
      await git(['rev-parse', `${commit.expectedHead}^{tree}`])
    ).trim();
    if (parentTree === tree) {
      throw new InputError(
        `Nothing to commit: ${commit.branch} already holds these files`,
      );
    }
  }
  const sha = (
    await git(
      [
        'commit-tree',
        tree,
        ...(commit.expectedHead ? ['-p', commit.expectedHead] : []),
        '-F',
        '-',
      ],
      {
        input: commit.message,
        env: identityEnv(commit.author, commit.committer, commit.date),
      },
    )
  ).trim();
  try {
    await git([
      'update-ref',
      '-m',
      `maestro: ${commit.message.split('\n')[0]}`,
      `refs/heads/${commit.branch}`,
      sha,
      commit.expectedHead ?? ZERO_SHA,
    ]);
  } catch (error) {
    if (isLostRace(error)) {
      throw new ConflictError(
        `Branch ${commit.branch} moved while this change was being committed; read it again and retry`,
      );
    }
    throw error;
  }
  return sha;
}

/** Runs `fn` with GIT_INDEX_FILE pointing at an index of its own. */
export async function withTemporaryIndex<T>(
  fn: (env: Record<string, string>) => Promise<T>,
): Promise<T> {
  const dir = await fs.promises.mkdtemp(
    path.join(os.tmpdir(), 'maestro-gitops-index-'),
  );
  try {
    return await fn({ GIT_INDEX_FILE: path.join(dir, 'index') });
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
