import {
  BuildRun,
  BuildScanSummary,
  BuildStage,
  BuildStatus,
  BuildTestResults,
  PullRequestTimeline,
} from '@maestro-conductor/backstage-plugin-maestro-common';

/** The ingestion path an event came through. */
export type HudSource = BuildRun['source'];

/** What one event says about its run. Absent fields say nothing. */
export type RunFacts = {
  provider: string;
  /** The run in its CI system; with entity, source and provider its identity. */
  externalId: string;
  name?: string;
  url?: string;
  pullRequest?: number;
  commit?: string;
  branch?: string;
  /** Absent when the event is about a stage only. */
  status?: BuildStatus;
  startedAt?: string;
  finishedAt?: string;
  imageDigest?: string;
  previewUrl?: string;
};

/** What one event says about one stage of its run. */
export type StageFacts = {
  /** The job in its CI system (`job:<id>`, `taskrun:<ns>/<name>`, …); unique within the run. */
  key: string;
  /** The HUD's stage name (see stageNames.ts). */
  name: string;
  /** The name the CI gave the job. */
  jobName?: string;
  status: BuildStatus;
  startedAt?: string;
  finishedAt?: string;
  url?: string;
  tests?: BuildTestResults;
  scan?: BuildScanSummary;
  sbomUrl?: string;
  signature?: { verified: boolean; reason?: string };
  policy?: { passed: boolean; denied: number; warnings: number };
  previewUrl?: string;
};

/** What one event says about a pull request. */
export type PullRequestFacts = {
  number: number;
  title?: string;
  state?: 'open' | 'closed' | 'merged';
  author?: string;
  url?: string;
  headCommit?: string;
  headBranch?: string;
  previewUrl?: string;
};

/**
 * What Maestro read from one event, whatever its path: the internal event
 * shape every ingestion path normalizes to. Stored with the raw event, so the
 * timeline can be refolded.
 */
export type HudEventFacts = {
  /** When it happened at the source; orders reports that arrive out of order. */
  occurredAt: string;
  run?: RunFacts;
  /** Only with `run`. */
  stage?: StageFacts;
  pullRequest?: PullRequestFacts;
  /** A push: kept as an event, folds into nothing. */
  push?: { branch?: string; commit?: string };
};

/** How an event names its entity, before the catalog is asked. */
export type HudCorrelation = {
  /** An entity ref the sender gave. */
  entityRef?: string;
  /** `owner/name`, matched against `github.com/project-slug`. */
  repository?: string;
  /** A Tekton pipeline name, matched against `maestro.io/tekton-pipeline`. */
  tektonPipeline?: string;
};

/** An event read from its path, not yet tied to an entity. */
export type HudEventDraft = {
  source: HudSource;
  /** `github`, the CloudEvent source, or the API provider. */
  origin: string;
  /** X-GitHub-Delivery, CloudEvent id or BuildEvent eventId. */
  deliveryId: string;
  /** `workflow_job.completed`, a CloudEvent type, `build-event`. */
  type: string;
  /** The event as received, stored for replay and debugging. */
  payload: unknown;
  /**
   * Signed GitHub deliveries: sha256 hex of the payload's canonical JSON.
   * Within `maestro.hud.replayWindowHours` a payload is stored once, whatever
   * its (unsigned) delivery id.
   */
  payloadDigest?: string;
  facts: HudEventFacts;
  correlation: HudCorrelation;
};

/** An event tied to its entity, ready for HudService.ingest. */
export type HudEvent = Omit<HudEventDraft, 'correlation'> & {
  entityRef: string;
  /** Who delivered it: `github-webhook`, or the caller's principal. */
  receivedBy: string;
};

export type HudIngestResult = {
  /**
   * `duplicate`: the same delivery (same delivery key, or for GitHub the
   * same signed payload within the replay window) was stored before, as
   * `eventId`; nothing changed.
   */
  status: 'created' | 'duplicate';
  eventId: string;
  entityRef: string;
  runId?: string;
};

/** Source time of each field's current value; fields fold last-writer-wins on it. */
export type FieldTimes = Record<string, string>;

export type RunRecord = Omit<BuildRun, 'stages'> & {
  statusAt: string;
  fieldTimes: FieldTimes;
  firstEventAt: string;
  createdAt: string;
};

export type StageRecord = BuildStage & {
  id: string;
  runId: string;
  key: string;
  jobName?: string;
  statusAt: string;
  fieldTimes: FieldTimes;
  updatedAt: string;
};

export type PullRequestRecord = Omit<PullRequestTimeline, 'runs'> & {
  id: string;
  headBranch?: string;
  fieldTimes: FieldTimes;
  createdAt: string;
};

/** An event row as stored. */
export type HudEventRecord = {
  id: string;
  eventKey: string;
  source: HudSource;
  origin: string;
  deliveryId: string;
  type: string;
  entityRef: string;
  runId?: string;
  pullRequest?: number;
  occurredAt: string;
  receivedAt: string;
  receivedBy: string;
  payload: unknown;
  facts: HudEventFacts;
};
