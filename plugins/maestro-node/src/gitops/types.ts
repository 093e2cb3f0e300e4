/** Who a commit is by: the user promoting, or Maestro itself. @public */
export type GitIdentity = {
  name: string;
  email: string;
};

/** @public */
export type GitOpsCommitOptions = {
  /** Branch to move, e.g. `main` or a channel's branch. */
  branch: string;
  /**
   * The commit the caller based its change on; the branch moves only if it is
   * still there (compare-and-swap), else `ConflictError`. `null` creates the
   * branch, which must not exist yet.
   */
  expectedHead: string | null;
  /** Files to write, by path from the repository root; `null` deletes one. */
  files: Record<string, string | null>;
  author: GitIdentity;
  /** Defaults to the author. */
  committer?: GitIdentity;
  message: string;
  /** Author and commit date; defaults to now. */
  date?: Date;
};

/** @public */
export type GitOpsLogEntry = {
  sha: string;
  author: GitIdentity;
  /** Author date, ISO 8601 with the author's offset. */
  date: string;
  message: string;
};

/** @public */
export type GitOpsTreeEntry = {
  /** From the repository root. */
  path: string;
  type: 'blob' | 'tree';
  /** Git file mode, e.g. `100644`. */
  mode: string;
  sha: string;
};

/** @public */
export type GitOpsSeedResult = {
  /** True when this call created the repository or the branch. */
  created: boolean;
  head: string;
};

/**
 * The Git repository holding each service's chart and its values overlays.
 * Reads take a branch name or a full commit sha (`ref`); writes go through
 * `commitFiles`, which never moves a branch that moved since the caller read
 * it. Missing branches and paths are `NotFoundError`, bad paths and branch
 * names `InputError`, lost races `ConflictError` (all from
 * `@backstage/errors`).
 *
 * @public
 */
export interface GitOpsRepository {
  /**
   * Creates the repository with one commit holding `seedDirectory` when the
   * repository or its branch does not exist yet; otherwise changes nothing.
   */
  ensureSeeded(options: {
    seedDirectory: string;
    branch?: string;
    author?: GitIdentity;
    message?: string;
  }): Promise<GitOpsSeedResult>;

  /** The commit a branch points at, or undefined when there is no such branch. */
  head(branch: string): Promise<string | undefined>;

  /** Points a new branch at a commit (e.g. a channel branch off `main`). */
  createBranch(branch: string, commit: string): Promise<void>;

  readFile(ref: string, path: string): Promise<string>;

  /** Entries under `path` (default: the whole tree), recursively unless told. */
  listTree(
    ref: string,
    path?: string,
    options?: { recursive?: boolean },
  ): Promise<GitOpsTreeEntry[]>;

  /** Commits one change and returns the new commit's sha. */
  commitFiles(options: GitOpsCommitOptions): Promise<string>;

  /** Newest first; with `path`, only commits that changed it. */
  log(options: {
    branch: string;
    path?: string;
    limit?: number;
  }): Promise<GitOpsLogEntry[]>;

  /** Unified diff of one file between two refs; empty when unchanged. */
  diffFile(fromRef: string, toRef: string, path: string): Promise<string>;

  /**
   * Writes the files under `subdir` at `ref` into `targetDir` (created, must
   * be empty), e.g. a chart for `helm template`.
   */
  exportTree(ref: string, subdir: string, targetDir: string): Promise<void>;
}
