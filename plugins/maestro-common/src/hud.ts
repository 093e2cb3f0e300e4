/**
 * The Build HUD's shapes: CI/CD events from GitHub webhooks (through
 * Backstage's events backend and its GitHub module), CloudEvents (Tekton) and
 * the generic BuildEvent API, folded into a per-service and per-PR timeline.
 *
 * Routes (under `/api/maestro`):
 * - `POST /hud/events` — one {@link BuildEvent} (JSON); permission `maestro.evidence.ingest` on the entity.
 * - `POST /hud/cloudevents` — a CloudEvent 1.0, structured (`application/cloudevents+json`) or binary
 *   (`ce-*` headers + data); Tekton PipelineRun/TaskRun events and any CI that emits them.
 * - GitHub: `POST /api/events/http/github` (events backend; signature checked with
 *   `events.modules.github.webhookSecret`), consumed by Maestro from the `github.<event>` topics.
 * - `GET /hud/timeline?entityRef=&limit=` → {@link EntityTimeline}.
 * - `GET /hud/pull-requests/:number?entityRef=` → {@link PullRequestTimeline}.
 * - `GET /hud/metrics?entityRef=&days=7|30|90` → {@link HudMetrics} (org-wide without entityRef).
 * - `GET /hud/alerts?entityRef=` → `{ items: HudAlert[] }`.
 * - `GET /hud/unrouted?entityRef=` → `{ items: HudUnroutedDeliveries[] }` (all without entityRef).
 * Live updates: signal topic `hud` on the entity's channel (see signals.ts).
 */

/** Status of a run or a stage. Terminal: succeeded, failed, cancelled, skipped. @public */
export type BuildStatus =
  | 'queued'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'skipped';

/** The stages the HUD draws, in pipeline order; other names are kept as given. @public */
export const BUILD_STAGES = [
  'lint',
  'test',
  'build',
  'scan',
  'sign',
  'policy',
  'deploy',
  'e2e',
] as const;

/** @public */
export type BuildStageName = (typeof BUILD_STAGES)[number] | (string & {});

/** Test results of a stage. @public */
export type BuildTestResults = {
  passed: number;
  failed: number;
  skipped?: number;
  /** Names (and messages) of failed tests, at most 100 kept. */
  failures?: Array<{ name: string; message?: string }>;
  reportUrl?: string;
};

/** Scan summary of a stage. @public */
export type BuildScanSummary = {
  critical: number;
  high: number;
  medium?: number;
  low?: number;
  reportUrl?: string;
};

/**
 * The generic event other CI systems send to `POST /hud/events`. Each event
 * describes one run, optionally one stage of it. Sending the same `eventId`
 * again for the same `provider` and entity stores nothing new.
 *
 * @public
 */
export type BuildEvent = {
  /** Unique per event within its provider and entity; the idempotency key. */
  eventId: string;
  /**
   * The entity; or give `repository` and Maestro finds the entity by its
   * `github.com/project-slug` (exactly one entity from a trusted catalog
   * location must claim it: several are a 409, none a 400).
   */
  entityRef?: string;
  /** `owner/name`. */
  repository?: string;
  /** CI system, e.g. `gitlab`, `jenkins`, `buildkite`. */
  provider: string;
  /** The run's ID in that CI system. */
  runId: string;
  runName?: string;
  runUrl?: string;
  pullRequest?: number;
  commit?: string;
  branch?: string;
  /** When absent, the event is about the run as a whole. */
  stage?: BuildStageName;
  status: BuildStatus;
  startedAt?: string;
  finishedAt?: string;
  tests?: BuildTestResults;
  scan?: BuildScanSummary;
  sbomUrl?: string;
  signature?: { verified: boolean; reason?: string };
  policy?: { passed: boolean; denied: number; warnings: number };
  previewUrl?: string;
  /** `sha256:` digest of the image the run built, linking to supply-chain evidence. */
  imageDigest?: string;
  /** When it happened at the source (ISO 8601); orders events that arrive out of order. */
  occurredAt: string;
};

/** One stage of a run as the timeline shows it. @public */
export type BuildStage = {
  name: BuildStageName;
  status: BuildStatus;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  url?: string;
  tests?: BuildTestResults;
  scan?: BuildScanSummary;
  sbomUrl?: string;
  signature?: { verified: boolean; reason?: string };
  policy?: { passed: boolean; denied: number; warnings: number };
  previewUrl?: string;
};

/** A CI run (GitHub workflow run, Tekton PipelineRun, any CI's run) folded from its events. @public */
export type BuildRun = {
  id: string;
  entityRef: string;
  source: 'github' | 'cloudevents' | 'api';
  provider: string;
  externalId: string;
  name?: string;
  url?: string;
  pullRequest?: number;
  commit?: string;
  branch?: string;
  status: BuildStatus;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  stages: BuildStage[];
  imageDigest?: string;
  previewUrl?: string;
  updatedAt: string;
};

/** A pull request with its runs. @public */
export type PullRequestTimeline = {
  entityRef: string;
  number: number;
  title?: string;
  state?: 'open' | 'closed' | 'merged';
  author?: string;
  url?: string;
  headCommit?: string;
  previewUrl?: string;
  /** Newest first. */
  runs: BuildRun[];
  updatedAt: string;
};

/** `GET /hud/timeline`. @public */
export type EntityTimeline = {
  entityRef: string;
  /** Open PRs first, then most recently updated. */
  pullRequests: Array<
    Omit<PullRequestTimeline, 'runs'> & { latestRun?: BuildRun }
  >;
  /** Newest first, all branches. */
  runs: BuildRun[];
};

/** One day of metrics. @public */
export type HudMetricsPoint = {
  date: string;
  runs: number;
  failed: number;
  /** 0..1; absent on days without finished runs. */
  successRate?: number;
  durationP50Ms?: number;
  durationP95Ms?: number;
  policyViolations: number;
};

/** `GET /hud/metrics`. @public */
export type HudMetrics = {
  entityRef?: string;
  days: number;
  runs: number;
  failed: number;
  successRate?: number;
  durationP50Ms?: number;
  durationP95Ms?: number;
  policyViolations: number;
  /** Preview environments whose PR is open and whose TTL has not passed. */
  previewsInUse: number;
  daily: HudMetricsPoint[];
};

/** A breach of an alert rule; notified once when it opens. @public */
export type HudAlert = {
  id: string;
  ruleId: string;
  entityRef: string;
  title: string;
  /** The metric's value when the breach opened, and the threshold. */
  value: number;
  threshold: number;
  status: 'open' | 'resolved';
  openedAt: string;
  resolvedAt?: string;
};

/**
 * GitHub deliveries Maestro parked instead of guessing their entity, one
 * item per repository (or pipeline) and set of claimants: several trusted
 * entities claim it (`ambiguous`), or only entities from catalog locations
 * Maestro does not trust (`untrusted`). Listed by `GET /hud/unrouted`,
 * most recent first; with `entityRef`, the items that entity is a claimant of.
 *
 * @public
 */
export type HudUnroutedDeliveries = {
  /** The annotation matched: `github.com/project-slug` or `maestro.io/tekton-pipeline`. */
  annotation: string;
  /** The repository (`owner/name`) or pipeline claimed. */
  value: string;
  problem: 'ambiguous' | 'untrusted';
  /** Entity refs in conflict, sorted. */
  claimants: string[];
  /** Why the deliveries are parked, naming the claimants. */
  reason: string;
  /** How many deliveries are parked. */
  deliveries: number;
  firstReceivedAt: string;
  lastReceivedAt: string;
};
