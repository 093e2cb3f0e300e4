/*
 * The Build HUD's domain: one ingestion method every path (GitHub webhooks,
 * CloudEvents, the BuildEvent API) goes through, and the timeline reads.
 *
 * ingest() runs one transaction: the event is inserted under its unique key
 * (a redelivery finds it there and changes nothing); a signed GitHub payload
 * also claims its digest, and a copy of a payload stored within the replay
 * window (the same body under a new, unsigned delivery id) rolls the
 * transaction back as a duplicate. Then the event is folded into its run,
 * stage and pull request with the order-independent rules of fold.ts. A signal
 * on the entity's channel follows the commit so open pages refetch.
 *
 * CI events are not ledger entries: the ledger records what people change
 * (promotions, exemptions, bypasses), and a busy repository sends thousands
 * of CI events a day. They are kept in maestro_hud_events instead, where
 * metrics count them and retention prunes them.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  MAESTRO_SIGNAL_TOPICS,
  BUILD_STAGES,
  BuildRun,
  BuildStage,
  EntityTimeline,
  normalizeEntityRef,
  PullRequestTimeline,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { createHash, randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { EntitySignalPublisher } from '../signals/EntitySignalPublisher';
import { DatabaseHudStore, HudEventCount, RunQuery } from './DatabaseHudStore';
import { HudEntityResolver, HudResolution } from './HudEntityResolver';
import { foldPullRequest, foldRun, foldStage, impliedRunStatus } from './fold';
import {
  HudCorrelation,
  HudEvent,
  HudIngestResult,
  PullRequestFacts,
  PullRequestRecord,
  RunRecord,
  StageRecord,
} from './types';

/** The signal topic of Build HUD changes on an entity's channel. */
export const HUD_SIGNAL_TOPIC = MAESTRO_SIGNAL_TOPICS.hud;

export const DEFAULT_TIMELINE_LIMIT = 25;
export const MAX_TIMELINE_LIMIT = 100;

export const DEFAULT_REPLAY_WINDOW_HOURS = 72;

/**
 * The idempotency key of an event: a CloudEvent is unique per (source, id)
 * as the CloudEvents spec says; a GitHub delivery id is unique on its own; a
 * BuildEvent's eventId only within its provider and entity (two CI systems,
 * or two services' pipelines, may count alike). Keys of the first two are
 * three-element arrays, BuildEvent keys four, so they never collide; the
 * 20261202130000 migration rewrote stored BuildEvent keys to this form.
 */
export function hudEventKey(
  event: Pick<HudEvent, 'source' | 'origin' | 'deliveryId' | 'entityRef'>,
): string {
  const parts =
    event.source === 'api'
      ? [event.source, event.origin, event.entityRef, event.deliveryId]
      : [
          event.source,
          event.source === 'cloudevents' ? event.origin : '',
          event.deliveryId,
        ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** Thrown inside ingest's transaction to roll back a replayed payload. */
class ReplayedPayload extends Error {
  constructor(readonly eventId: string) {
    super('replayed payload');
  }
}

function toBuildStage(stage: StageRecord): BuildStage {
  const { id, runId, key, jobName, statusAt, fieldTimes, updatedAt, ...rest } =
    stage;
  return rest;
}

const stageOrder = (name: string) => {
  const index = (BUILD_STAGES as readonly string[]).indexOf(name);
  return index < 0 ? BUILD_STAGES.length : index;
};

/** Stages in the order they started; pipeline order for those that did not. */
function byStart(a: StageRecord, b: StageRecord): number {
  const at = (s: StageRecord) => s.startedAt ?? s.statusAt;
  if (at(a) !== at(b)) return at(a) < at(b) ? -1 : 1;
  return stageOrder(a.name) - stageOrder(b.name) || (a.key < b.key ? -1 : 1);
}

function toBuildRun(run: RunRecord, stages: StageRecord[] = []): BuildRun {
  const { statusAt, fieldTimes, firstEventAt, createdAt, ...rest } = run;
  return { ...rest, stages: [...stages].sort(byStart).map(toBuildStage) };
}

function toPullRequest(
  pr: PullRequestRecord,
): Omit<PullRequestTimeline, 'runs'> {
  const { id, headBranch, fieldTimes, createdAt, ...rest } = pr;
  return rest;
}

export class HudService {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: DatabaseHudStore;
      resolver: HudEntityResolver;
      signals: EntitySignalPublisher;
      /**
       * Called after an event is committed (not for duplicates), e.g. to
       * re-evaluate alert rules for the entity; must not throw.
       */
      onIngested?: (entityRef: string) => void;
      /**
       * How long a signed payload is remembered (default 72 hours, the
       * span in which github.com lets a delivery be redelivered).
       */
      replayWindowMs?: number;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * The catalog entity an event belongs to, or why none was found (with the
   * conflict when several entities, or only untrusted ones, claim it).
   * Callers authorize against the entity before calling ingest().
   */
  correlate(correlation: HudCorrelation): Promise<HudResolution> {
    return this.options.resolver.resolve(correlation);
  }

  /** Stores the event once and folds it into the timeline, in one transaction. */
  async ingest(event: HudEvent): Promise<HudIngestResult> {
    const { store } = this.options;
    const { facts } = event;
    const now = this.now();
    const receivedAt = now.toISOString();
    const replayWindowMs =
      this.options.replayWindowMs ?? DEFAULT_REPLAY_WINDOW_HOURS * 3600_000;
    const transaction = store.transaction(async tx => {
      const inserted = await store.insertEventIfAbsent(tx, {
        id: randomUUID(),
        eventKey: hudEventKey(event),
        source: event.source,
        origin: event.origin,
        deliveryId: event.deliveryId,
        type: event.type,
        entityRef: event.entityRef,
        pullRequest: facts.pullRequest?.number ?? facts.run?.pullRequest,
        occurredAt: facts.occurredAt,
        receivedAt,
        receivedBy: event.receivedBy,
        payload: event.payload,
        facts,
      });
      if (!inserted.created) {
        return { status: 'duplicate' as const, eventId: inserted.eventId };
      }
      if (event.payloadDigest) {
        const claim = await store.claimPayloadDigest(tx, {
          digest: event.payloadDigest,
          eventId: inserted.eventId,
          receivedAt,
          windowStart: new Date(now.getTime() - replayWindowMs).toISOString(),
        });
        if (!claim.claimed) throw new ReplayedPayload(claim.eventId);
      }
      let runId: string | undefined;
      if (facts.run) {
        runId = await this.foldIntoRun(tx, event, receivedAt);
        await store.setEventRun(tx, inserted.eventId, runId);
      }
      if (facts.pullRequest) {
        await this.foldIntoPullRequest(
          tx,
          event.entityRef,
          [{ facts: facts.pullRequest, at: facts.occurredAt }],
          receivedAt,
        );
      }
      return {
        status: 'created' as const,
        eventId: inserted.eventId,
        ...(runId && { runId }),
      };
    });
    const result = await transaction.catch(error => {
      if (!(error instanceof ReplayedPayload)) throw error;
      this.options.logger.info(
        `Build HUD: ${event.source} delivery ${event.deliveryId} repeats the payload of event ${error.eventId}; not stored again`,
      );
      return { status: 'duplicate' as const, eventId: error.eventId };
    });
    if (result.status === 'created' && (facts.run || facts.pullRequest)) {
      await this.options.signals.publish(event.entityRef, HUD_SIGNAL_TOPIC);
    }
    if (result.status === 'created') {
      this.options.onIngested?.(event.entityRef);
    }
    return { ...result, entityRef: event.entityRef };
  }

  private async foldIntoRun(
    tx: Knex.Transaction,
    event: HudEvent,
    receivedAt: string,
  ): Promise<string> {
    const { store } = this.options;
    const { occurredAt: at, stage } = event.facts;
    const facts = {
      ...event.facts.run!,
      previewUrl: event.facts.run!.previewUrl ?? stage?.previewUrl,
    };
    const init = {
      id: randomUUID(),
      entityRef: event.entityRef,
      source: event.source,
      createdAt: receivedAt,
    };
    const fallback = stage ? impliedRunStatus(stage.status) : undefined;
    const run = await store.fold(tx, 'run', current =>
      foldRun(current, init, facts, at, fallback),
    );

    if (stage) {
      const stageInit = { id: randomUUID(), runId: run.id };
      await store.fold(tx, 'stage', current =>
        foldStage(current, stageInit, stage, at),
      );
    }

    if (run.pullRequest !== undefined) {
      await this.foldRunIntoPullRequest(tx, run, receivedAt);
    }
    return run.id;
  }

  /**
   * A run tells its pull request that it exists and when it was last active,
   * its preview URL, and, for CI other than GitHub (which sends pull_request
   * events of its own), the head commit and branch. Each value goes with the
   * time the run's own fold chose it, which only ever grows, so the pull
   * request's fold stays order-independent even when the run learns its pull
   * request number from a late event.
   */
  private async foldRunIntoPullRequest(
    tx: Knex.Transaction,
    run: RunRecord,
    receivedAt: string,
  ): Promise<void> {
    const number = run.pullRequest!;
    const reports: Array<{ facts: PullRequestFacts; at: string }> = [
      { facts: { number }, at: run.updatedAt },
    ];
    const fieldAt = (field: string) => run.fieldTimes[field] ?? run.updatedAt;
    if (run.previewUrl) {
      reports.push({
        facts: { number, previewUrl: run.previewUrl },
        at: fieldAt('previewUrl'),
      });
    }
    if (run.source !== 'github' && run.commit) {
      reports.push({
        facts: { number, headCommit: run.commit },
        at: fieldAt('commit'),
      });
    }
    if (run.source !== 'github' && run.branch) {
      reports.push({
        facts: { number, headBranch: run.branch },
        at: fieldAt('branch'),
      });
    }
    await this.foldIntoPullRequest(tx, run.entityRef, reports, receivedAt);
  }

  private async foldIntoPullRequest(
    tx: Knex.Transaction,
    entityRef: string,
    reports: Array<{ facts: PullRequestFacts; at: string }>,
    receivedAt: string,
  ): Promise<void> {
    const { store } = this.options;
    const init = { id: randomUUID(), entityRef, createdAt: receivedAt };
    await store.fold(
      tx,
      'pullRequest',
      current =>
        reports.reduce<PullRequestRecord | undefined>(
          (pr, report) => foldPullRequest(pr, init, report.facts, report.at),
          current,
        )!,
    );
  }

  /** `GET /hud/timeline`: the entity's pull requests and recent runs. */
  async getTimeline(
    entityRef: string,
    options: { limit?: number } = {},
  ): Promise<EntityTimeline> {
    const ref = normalizeRef(entityRef);
    const limit = options.limit ?? DEFAULT_TIMELINE_LIMIT;
    const { store } = this.options;
    const [runs, pullRequests] = await Promise.all([
      store.listRuns({ entityRef: ref, limit }),
      store.listPullRequests(ref, limit),
    ]);
    const latest = await store.latestRunPerPullRequest(
      ref,
      pullRequests.map(pr => pr.number),
    );
    const stages = await store.listStages([
      ...new Set([...runs, ...latest.values()].map(run => run.id)),
    ]);
    const build = (run: RunRecord) => toBuildRun(run, stages.get(run.id));
    return {
      entityRef: ref,
      pullRequests: pullRequests.map(pr => {
        const latestRun = latest.get(pr.number);
        return {
          ...toPullRequest(pr),
          ...(latestRun && { latestRun: build(latestRun) }),
        };
      }),
      runs: runs.map(build),
    };
  }

  /** `GET /hud/pull-requests/:number`: one pull request with its runs, newest first. */
  async getPullRequest(
    entityRef: string,
    number: number,
  ): Promise<PullRequestTimeline> {
    const ref = normalizeRef(entityRef);
    const { store } = this.options;
    const pr = await store.getPullRequest(ref, number);
    if (!pr) {
      throw new NotFoundError(`No pull request #${number} for ${ref}`);
    }
    const runs = await store.listRuns({
      entityRef: ref,
      pullRequest: number,
      limit: MAX_TIMELINE_LIMIT,
    });
    const stages = await store.listStages(runs.map(run => run.id));
    return {
      ...toPullRequest(pr),
      runs: runs.map(run => toBuildRun(run, stages.get(run.id))),
    };
  }

  /**
   * Runs with their stages, newest first, for metrics and alerts: filter by
   * entity, pull request, last activity or finish time.
   */
  async listRuns(query: RunQuery): Promise<BuildRun[]> {
    const { store } = this.options;
    const runs = await store.listRuns({
      ...query,
      ...(query.entityRef && { entityRef: normalizeRef(query.entityRef) }),
    });
    const stages = await store.listStages(runs.map(run => run.id));
    return runs.map(run => toBuildRun(run, stages.get(run.id)));
  }

  /** Events received in [from, before), per entity and ingestion path. */
  countEvents(query: {
    from: string;
    before: string;
    entityRef?: string;
  }): Promise<HudEventCount[]> {
    return this.options.store.countEvents({
      ...query,
      ...(query.entityRef && { entityRef: normalizeRef(query.entityRef) }),
    });
  }
}

function normalizeRef(entityRef: string): string {
  try {
    return normalizeEntityRef(entityRef);
  } catch (error) {
    throw new InputError(`Invalid entityRef ${entityRef}: ${error}`);
  }
}
