/*
 * Folding CI events into runs, stages and pull requests, independently of
 * the order they arrive in.
 *
 * Webhooks and CloudEvents are delivered at least once and in no particular
 * order: a job's `completed` can come before its `in_progress`, and the same
 * delivery can come twice. Each fold below is a merge of commutative,
 * idempotent rules, so any permutation of the same events, with or without
 * repeats, ends in the same record:
 *
 * - status: the highest of (terminal or not, source time, tie rank) wins.
 *   A terminal status (succeeded, failed, cancelled, skipped) therefore never
 *   goes back to queued or running, and of two terminal reports the newer
 *   one wins (a re-run that turned red into green).
 * - startedAt: the earliest reported; finishedAt: the latest reported by a
 *   terminal report.
 * - every other field: last writer wins by source time (`occurredAt`),
 *   tracked per field in `fieldTimes`; equal times break ties by value, so
 *   the choice does not depend on arrival.
 */
import { BuildStatus } from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  FieldTimes,
  PullRequestFacts,
  PullRequestRecord,
  RunFacts,
  RunRecord,
  StageFacts,
  StageRecord,
} from './types';

const TERMINAL: ReadonlySet<BuildStatus> = new Set([
  'succeeded',
  'failed',
  'cancelled',
  'skipped',
]);

/** Of two terminal reports at the same instant, the more alarming one wins. */
const TIE_RANK: Record<BuildStatus, number> = {
  queued: 0,
  running: 1,
  skipped: 2,
  succeeded: 3,
  cancelled: 4,
  failed: 5,
};

export function isTerminal(status: BuildStatus): boolean {
  return TERMINAL.has(status);
}

function statusRank(status: BuildStatus): number {
  if (isTerminal(status)) return 2;
  return status === 'running' ? 1 : 0;
}

/** True when `next` (reported at `nextAt`) replaces the current status. */
export function statusWins(
  next: BuildStatus,
  nextAt: string,
  current: BuildStatus,
  currentAt: string,
): boolean {
  if (statusRank(next) !== statusRank(current)) {
    return statusRank(next) > statusRank(current);
  }
  if (nextAt !== currentAt) return nextAt > currentAt;
  return TIE_RANK[next] > TIE_RANK[current];
}

/** JSON with sorted keys: compares values for tie-breaking, whatever their key order. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? '';
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries
    .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
    .join(',')}}`;
}

type Comparator = (a: unknown, b: unknown) => number;

const byValue: Comparator = (a, b) => {
  const ca = canonical(a);
  const cb = canonical(b);
  if (ca === cb) return 0;
  return ca > cb ? 1 : -1;
};

/** Last writer wins per field, by source time, ties broken by `compare`. */
function assignNewer<T extends { fieldTimes: FieldTimes }>(
  record: T,
  values: Partial<Record<keyof T & string, unknown>>,
  at: string,
  compare: Partial<Record<string, Comparator>> = {},
): void {
  const target = record as unknown as Record<string, unknown>;
  for (const [field, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const currentAt = record.fieldTimes[field];
    const wins =
      currentAt === undefined ||
      at > currentAt ||
      (at === currentAt &&
        (compare[field] ?? byValue)(value, target[field]) > 0);
    if (wins) {
      target[field] = value;
      record.fieldTimes[field] = at;
    }
  }
}

/** The earlier of two ISO times, either of which may be absent. */
function earliest(a?: string, b?: string): string | undefined {
  if (a === undefined) return b;
  return b === undefined || a <= b ? a : b;
}

/** The later of two ISO times, either of which may be absent. */
function latest(a?: string, b?: string): string | undefined {
  if (a === undefined) return b;
  return b === undefined || a >= b ? a : b;
}

/** Status, start and finish of a run or stage, with its duration. */
function foldTimes<
  T extends {
    status: BuildStatus;
    statusAt: string;
    startedAt?: string;
    finishedAt?: string;
    durationMs?: number;
  },
>(
  record: T,
  report: { status?: BuildStatus; startedAt?: string; finishedAt?: string },
  at: string,
): void {
  if (
    report.status &&
    statusWins(report.status, at, record.status, record.statusAt)
  ) {
    record.status = report.status;
    record.statusAt = at;
  }
  record.startedAt = earliest(record.startedAt, report.startedAt);
  if (report.status && isTerminal(report.status)) {
    record.finishedAt = latest(record.finishedAt, report.finishedAt);
  }
  const { startedAt, finishedAt } = record;
  if (isTerminal(record.status) && startedAt && finishedAt) {
    record.durationMs = Math.max(
      0,
      Date.parse(finishedAt) - Date.parse(startedAt),
    );
  } else {
    delete record.durationMs;
  }
}

/**
 * The status a stage report implies for its run when the run itself has not
 * reported: a stage that finished leaves its run running.
 */
export function impliedRunStatus(stageStatus: BuildStatus): BuildStatus {
  return isTerminal(stageStatus) ? 'running' : stageStatus;
}

/** A run folded with one report; `current` is not modified. */
export function foldRun(
  current: RunRecord | undefined,
  init: Pick<RunRecord, 'id' | 'entityRef' | 'source' | 'createdAt'>,
  facts: RunFacts,
  at: string,
  fallbackStatus: BuildStatus = 'queued',
): RunRecord {
  const status = facts.status ?? fallbackStatus;
  const run: RunRecord = current
    ? { ...current, fieldTimes: { ...current.fieldTimes } }
    : {
        ...init,
        provider: facts.provider,
        externalId: facts.externalId,
        status,
        statusAt: at,
        fieldTimes: {},
        firstEventAt: at,
        updatedAt: at,
      };
  foldTimes(run, { ...facts, status }, at);
  assignNewer(
    run,
    {
      name: facts.name,
      url: facts.url,
      pullRequest: facts.pullRequest,
      commit: facts.commit,
      branch: facts.branch,
      imageDigest: facts.imageDigest,
      previewUrl: facts.previewUrl,
    },
    at,
  );
  run.firstEventAt = earliest(run.firstEventAt, at)!;
  run.updatedAt = latest(run.updatedAt, at)!;
  return run;
}

/** A stage folded with one report; `current` is not modified. */
export function foldStage(
  current: StageRecord | undefined,
  init: Pick<StageRecord, 'id' | 'runId'>,
  facts: StageFacts,
  at: string,
): StageRecord {
  const stage: StageRecord = current
    ? { ...current, fieldTimes: { ...current.fieldTimes } }
    : {
        ...init,
        key: facts.key,
        name: facts.name,
        status: facts.status,
        statusAt: at,
        fieldTimes: { name: at },
        updatedAt: at,
      };
  foldTimes(stage, facts, at);
  assignNewer(
    stage,
    {
      name: facts.name,
      jobName: facts.jobName,
      url: facts.url,
      tests: facts.tests,
      scan: facts.scan,
      sbomUrl: facts.sbomUrl,
      signature: facts.signature,
      policy: facts.policy,
      previewUrl: facts.previewUrl,
    },
    at,
  );
  stage.updatedAt = latest(stage.updatedAt, at)!;
  return stage;
}

const PR_STATE_RANK: Record<string, number> = { open: 0, closed: 1, merged: 2 };

/** A pull request folded with one report; `current` is not modified. */
export function foldPullRequest(
  current: PullRequestRecord | undefined,
  init: Pick<PullRequestRecord, 'id' | 'entityRef' | 'createdAt'>,
  facts: PullRequestFacts,
  at: string,
): PullRequestRecord {
  const pr: PullRequestRecord = current
    ? { ...current, fieldTimes: { ...current.fieldTimes } }
    : { ...init, number: facts.number, fieldTimes: {}, updatedAt: at };
  const { number, ...values } = facts;
  assignNewer(pr, values, at, {
    state: (a, b) =>
      (PR_STATE_RANK[String(a)] ?? -1) - (PR_STATE_RANK[String(b)] ?? -1),
  });
  pr.updatedAt = latest(pr.updatedAt, at)!;
  return pr;
}
