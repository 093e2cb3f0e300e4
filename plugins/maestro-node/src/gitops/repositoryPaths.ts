/*
 * Checks the names callers hand the GitOps repository: branch names, paths
 * inside the tree, commit shas and identities. Everything refused here is an
 * InputError with the reason, before git runs.
 */
import { InputError } from '@backstage/errors';
import type { GitIdentity } from './types';

const SHA_PATTERN = /^[0-9a-f]{40}$/;
// Control characters would break git's line-oriented plumbing input.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export function isCommitSha(value: string): boolean {
  return SHA_PATTERN.test(value);
}

/**
 * A path from the repository root, `/`-separated, without empty, `.` or `..`
 * components and never inside `.git`. Returned as given when valid.
 */
export function checkRepositoryPath(value: string, what = 'path'): string {
  if (typeof value !== 'string' || value === '') {
    throw new InputError(`${what} must be a non-empty path`);
  }
  if (CONTROL_CHARACTERS.test(value) || value.includes('\\')) {
    throw new InputError(
      `${what} '${JSON.stringify(value).slice(
        1,
        -1,
      )}' contains control characters or backslashes`,
    );
  }
  const parts = value.split('/');
  for (const part of parts) {
    if (part === '' || part === '.' || part === '..') {
      throw new InputError(
        `${what} '${value}' must be relative, without empty, '.' or '..' components`,
      );
    }
    if (part.toLowerCase() === '.git') {
      throw new InputError(`${what} '${value}' reaches into .git`);
    }
  }
  return value;
}

/**
 * Branch names as `git check-ref-format --branch` allows them, checked here
 * so that a refused name is an InputError rather than a git failure.
 */
export function checkBranchName(value: string): string {
  const reason = explainBadBranch(value);
  if (reason) {
    throw new InputError(`Branch name '${value}' is not allowed: ${reason}`);
  }
  return value;
}

function explainBadBranch(value: string): string | undefined {
  if (typeof value !== 'string' || value === '') return 'it is empty';
  if (value.startsWith('-')) return 'it starts with -';
  if (CONTROL_CHARACTERS.test(value) || /[ ~^:?*[\\]/.test(value))
    return 'it contains spaces, control characters or one of ~^:?*[\\';
  if (value.includes('..') || value.includes('@{') || value === '@')
    return "it contains '..' or '@{' or is '@'";
  if (value.endsWith('.') || value.endsWith('/') || value.startsWith('/'))
    return 'it starts or ends with / or ends with .';
  for (const part of value.split('/')) {
    if (part === '' || part.startsWith('.') || part.endsWith('.lock'))
      return "a component is empty, starts with '.' or ends with .lock";
  }
  return undefined;
}

/** Author and committer must be something git records as given. */
export function checkIdentity(identity: GitIdentity, what: string) {
  for (const field of ['name', 'email'] as const) {
    const value = identity?.[field];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new InputError(`${what} ${field} must be a non-empty string`);
    }
    if (CONTROL_CHARACTERS.test(value) || /[<>]/.test(value)) {
      throw new InputError(
        `${what} ${field} must not contain '<', '>' or control characters`,
      );
    }
  }
}
