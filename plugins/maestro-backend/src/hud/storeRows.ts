/** Row ↔ domain mapping of the HUD tables; only the store uses it. */
import { BuildStatus } from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  DbHudEventRow,
  DbHudPullRequestRow,
  DbHudRunRow,
  DbHudStageRow,
} from '../database/tables';
import {
  HudEventRecord,
  HudSource,
  PullRequestRecord,
  RunRecord,
  StageRecord,
} from './types';

/** Drops undefined and null values, so optional fields are absent, not null. */
function present<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== null),
  ) as T;
}

const json = (value: unknown) =>
  value === undefined ? null : JSON.stringify(value);
const parsed = (text: string | null) =>
  text === null ? undefined : JSON.parse(text);
const num = (value: number | string | null) =>
  value === null ? undefined : Number(value);

export function toEventRow(event: HudEventRecord): DbHudEventRow {
  return {
    id: event.id,
    event_key: event.eventKey,
    source: event.source,
    origin: event.origin,
    delivery_id: event.deliveryId,
    event_type: event.type,
    entity_ref: event.entityRef,
    run_id: event.runId ?? null,
    pull_request: event.pullRequest ?? null,
    occurred_at: event.occurredAt,
    received_at: event.receivedAt,
    received_by: event.receivedBy,
    payload: JSON.stringify(event.payload ?? null),
    normalized: JSON.stringify(event.facts),
  };
}

export function fromEventRow(row: DbHudEventRow): HudEventRecord {
  return present({
    id: row.id,
    eventKey: row.event_key,
    source: row.source as HudSource,
    origin: row.origin,
    deliveryId: row.delivery_id,
    type: row.event_type,
    entityRef: row.entity_ref,
    runId: row.run_id ?? undefined,
    pullRequest: num(row.pull_request),
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
    receivedBy: row.received_by,
    payload: JSON.parse(row.payload),
    facts: JSON.parse(row.normalized),
  });
}

export function toRunRow(run: RunRecord): DbHudRunRow {
  return {
    id: run.id,
    entity_ref: run.entityRef,
    source: run.source,
    provider: run.provider,
    external_id: run.externalId,
    name: run.name ?? null,
    url: run.url ?? null,
    pull_request: run.pullRequest ?? null,
    commit_sha: run.commit ?? null,
    branch: run.branch ?? null,
    status: run.status,
    status_at: run.statusAt,
    started_at: run.startedAt ?? null,
    finished_at: run.finishedAt ?? null,
    duration_ms: run.durationMs ?? null,
    image_digest: run.imageDigest ?? null,
    preview_url: run.previewUrl ?? null,
    field_times: JSON.stringify(run.fieldTimes),
    first_event_at: run.firstEventAt,
    updated_at: run.updatedAt,
    created_at: run.createdAt,
  };
}

export function fromRunRow(row: DbHudRunRow): RunRecord {
  return present({
    id: row.id,
    entityRef: row.entity_ref,
    source: row.source as HudSource,
    provider: row.provider,
    externalId: row.external_id,
    name: row.name ?? undefined,
    url: row.url ?? undefined,
    pullRequest: num(row.pull_request),
    commit: row.commit_sha ?? undefined,
    branch: row.branch ?? undefined,
    status: row.status as BuildStatus,
    statusAt: row.status_at,
    startedAt: row.started_at ?? undefined,
    finishedAt: row.finished_at ?? undefined,
    durationMs: num(row.duration_ms),
    imageDigest: row.image_digest ?? undefined,
    previewUrl: row.preview_url ?? undefined,
    fieldTimes: JSON.parse(row.field_times),
    firstEventAt: row.first_event_at,
    updatedAt: row.updated_at,
    createdAt: row.created_at,
  });
}

export function toStageRow(stage: StageRecord): DbHudStageRow {
  return {
    id: stage.id,
    run_id: stage.runId,
    stage_key: stage.key,
    name: stage.name,
    job_name: stage.jobName ?? null,
    status: stage.status,
    status_at: stage.statusAt,
    started_at: stage.startedAt ?? null,
    finished_at: stage.finishedAt ?? null,
    duration_ms: stage.durationMs ?? null,
    url: stage.url ?? null,
    tests: json(stage.tests),
    scan: json(stage.scan),
    sbom_url: stage.sbomUrl ?? null,
    signature: json(stage.signature),
    policy: json(stage.policy),
    policy_passed: stage.policy ? stage.policy.passed : null,
    policy_denied: stage.policy ? stage.policy.denied : null,
    preview_url: stage.previewUrl ?? null,
    field_times: JSON.stringify(stage.fieldTimes),
    updated_at: stage.updatedAt,
  };
}

export function fromStageRow(row: DbHudStageRow): StageRecord {
  return present({
    id: row.id,
    runId: row.run_id,
    key: row.stage_key,
    name: row.name,
    jobName: row.job_name ?? undefined,
    status: row.status as BuildStatus,
    statusAt: row.status_at,
    startedAt: row.started_at ?? undefined,
    finishedAt: row.finished_at ?? undefined,
    durationMs: num(row.duration_ms),
    url: row.url ?? undefined,
    tests: parsed(row.tests),
    scan: parsed(row.scan),
    sbomUrl: row.sbom_url ?? undefined,
    signature: parsed(row.signature),
    policy: parsed(row.policy),
    previewUrl: row.preview_url ?? undefined,
    fieldTimes: JSON.parse(row.field_times),
    updatedAt: row.updated_at,
  });
}

export function toPullRequestRow(pr: PullRequestRecord): DbHudPullRequestRow {
  return {
    id: pr.id,
    entity_ref: pr.entityRef,
    number: pr.number,
    title: pr.title ?? null,
    state: pr.state ?? null,
    author: pr.author ?? null,
    url: pr.url ?? null,
    head_commit: pr.headCommit ?? null,
    head_branch: pr.headBranch ?? null,
    preview_url: pr.previewUrl ?? null,
    field_times: JSON.stringify(pr.fieldTimes),
    updated_at: pr.updatedAt,
    created_at: pr.createdAt,
  };
}

export function fromPullRequestRow(
  row: DbHudPullRequestRow,
): PullRequestRecord {
  return present({
    id: row.id,
    entityRef: row.entity_ref,
    number: Number(row.number),
    title: row.title ?? undefined,
    state: (row.state ?? undefined) as PullRequestRecord['state'],
    author: row.author ?? undefined,
    url: row.url ?? undefined,
    headCommit: row.head_commit ?? undefined,
    headBranch: row.head_branch ?? undefined,
    previewUrl: row.preview_url ?? undefined,
    fieldTimes: JSON.parse(row.field_times),
    updatedAt: row.updated_at,
    createdAt: row.created_at,
  });
}
