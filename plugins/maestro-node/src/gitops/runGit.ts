/*
 * Runs the git CLI for the GitOps repository: execFile (no shell), bounded
 * time and output, and a clean environment so nothing on the host changes
 * what git does: no system or global config, no hooks, no pager or prompt,
 * the C locale (so error messages can be recognized), and identities only
 * from the caller.
 */
import { execFile } from 'node:child_process';

const GIT_TIMEOUT_MS = 60_000;
const GIT_MAX_BUFFER = 64 * 1024 * 1024;

/** Thrown when git exits non-zero; `stderr` holds its message. */
export class GitCommandError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
    readonly exitCode: number | undefined,
  ) {
    super(message);
    this.name = 'GitCommandError';
  }
}

export type RunGitOptions = {
  /** Bytes for git's standard input. */
  input?: string | Buffer;
  /** Extra environment (identities, GIT_INDEX_FILE, GIT_WORK_TREE). */
  env?: Record<string, string>;
};

export type GitRunner = {
  (args: string[], options?: RunGitOptions): Promise<string>;
  /** The same, returning raw bytes (file contents). */
  buffer(args: string[], options?: RunGitOptions): Promise<Buffer>;
};

/**
 * A runner bound to one bare repository. Every call starts from the same
 * environment; hooks are disabled with `core.hooksPath=/dev/null` because
 * plumbing such as `update-ref` still runs the reference-transaction hook.
 */
export function createGitRunner(options: {
  gitDir: string;
  gitPath?: string;
}): GitRunner {
  const gitPath = options.gitPath ?? 'git';
  const baseEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    GIT_DIR: options.gitDir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_PAGER: 'cat',
    LC_ALL: 'C',
  };
  const fixedArgs = [
    '-c',
    'core.hooksPath=/dev/null',
    '-c',
    'core.fsmonitor=false',
    '-c',
    'gc.auto=0',
  ];

  const run = (
    args: string[],
    runOptions: RunGitOptions,
    encoding: 'buffer' | 'utf8',
  ) =>
    new Promise<string | Buffer>((resolve, reject) => {
      const child = execFile(
        gitPath,
        [...fixedArgs, ...args],
        {
          env: { ...baseEnv, ...runOptions.env },
          timeout: GIT_TIMEOUT_MS,
          maxBuffer: GIT_MAX_BUFFER,
          encoding,
        },
        (error, stdout, stderr) => {
          if (error) {
            const e = error as NodeJS.ErrnoException & { killed?: boolean };
            const text = String(stderr ?? '').trim();
            const reason = e.killed
              ? `timed out after ${GIT_TIMEOUT_MS / 1000}s`
              : text || e.message;
            reject(
              new GitCommandError(
                `git ${args[0]} failed: ${reason}`,
                text,
                typeof e.code === 'number' ? e.code : undefined,
              ),
            );
            return;
          }
          resolve(stdout);
        },
      );
      child.stdin?.on('error', () => {
        // git may exit before reading all input; the exit status reports it.
      });
      child.stdin?.end(runOptions.input ?? '');
    });

  const runner = ((args: string[], runOptions: RunGitOptions = {}) =>
    run(args, runOptions, 'utf8') as Promise<string>) as GitRunner;
  runner.buffer = (args, runOptions = {}) =>
    run(args, runOptions, 'buffer') as Promise<Buffer>;
  return runner;
}
