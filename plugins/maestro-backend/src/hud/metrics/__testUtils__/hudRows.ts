/**
 * Rows of the Build HUD tables for metrics, alert and retention tests,
 * inserted directly so a test states exactly the runs it measures.
 */
import { Knex } from 'knex';
import {
  DbHudEventRow,
  DbHudPullRequestRow,
  DbHudRunRow,
  DbHudStageRow,
  TABLE_HUD_EVENTS,
  TABLE_HUD_PULL_REQUESTS,
  TABLE_HUD_RUNS,
  TABLE_HUD_STAGES,
} from '../../../database/tables';

export const PAYMENTS = 'component:default/payments-api';
export const BILLING = 'component:default/billing';

export const digest = (c: string) => `sha256:${c.repeat(64)}`;

/** A run that finished; `at` is its finish (and last event) time. */
export function runRow(
  id: string,
  fields: Partial<DbHudRunRow> & { at?: string } = {},
): DbHudRunRow {
  const { at = '2026-12-09T10:00:00.000Z', ...rest } = fields;
  return {
    id,
    entity_ref: PAYMENTS,
    source: 'api',
    provider: 'buildkite',
    external_id: id,
    name: null,
    url: null,
    pull_request: null,
    commit_sha: null,
    branch: 'main',
    status: 'succeeded',
    status_at: at,
    started_at: null,
    finished_at: at,
    duration_ms: null,
    image_digest: null,
    preview_url: null,
    field_times: '{}',
    first_event_at: at,
    updated_at: at,
    created_at: at,
    ...rest,
  };
}

export function stageRow(
  id: string,
  runId: string,
  fields: Partial<DbHudStageRow> = {},
): DbHudStageRow {
  return {
    id,
    run_id: runId,
    stage_key: `stage:${id}`,
    name: 'policy',
    job_name: null,
    status: 'succeeded',
    status_at: '2026-12-09T10:00:00.000Z',
    started_at: null,
    finished_at: '2026-12-09T10:00:00.000Z',
    duration_ms: null,
    url: null,
    tests: null,
    scan: null,
    sbom_url: null,
    signature: null,
    policy: null,
    policy_passed: null,
    policy_denied: null,
    preview_url: null,
    field_times: '{}',
    updated_at: '2026-12-09T10:00:00.000Z',
    ...fields,
  };
}

/** A stage's policy result, in both the JSON and the queried columns. */
export function policyResult(passed: boolean, denied: number) {
  return {
    policy: JSON.stringify({ passed, denied, warnings: 0 }),
    policy_passed: passed,
    policy_denied: denied,
  };
}

export function pullRequestRow(
  id: string,
  number: number,
  fields: Partial<DbHudPullRequestRow> = {},
): DbHudPullRequestRow {
  return {
    id,
    entity_ref: PAYMENTS,
    number,
    title: `PR ${number}`,
    state: 'open',
    author: 'ada',
    url: null,
    head_commit: null,
    head_branch: null,
    preview_url: null,
    field_times: '{}',
    updated_at: '2026-12-09T10:00:00.000Z',
    created_at: '2026-12-09T10:00:00.000Z',
    ...fields,
  };
}

export function eventRow(
  id: string,
  fields: Partial<DbHudEventRow> = {},
): DbHudEventRow {
  return {
    id,
    event_key: `key-${id}`,
    source: 'api',
    origin: 'buildkite',
    delivery_id: id,
    event_type: 'build-event.run',
    entity_ref: PAYMENTS,
    run_id: null,
    pull_request: null,
    occurred_at: '2026-12-09T10:00:00.000Z',
    received_at: '2026-12-09T10:00:00.000Z',
    received_by: 'service:external:ci',
    payload: '{}',
    normalized: '{}',
    ...fields,
  };
}

export async function insertRows(
  knex: Knex,
  rows: {
    runs?: DbHudRunRow[];
    stages?: DbHudStageRow[];
    pullRequests?: DbHudPullRequestRow[];
    events?: DbHudEventRow[];
  },
): Promise<void> {
  if (rows.runs?.length) await knex(TABLE_HUD_RUNS).insert(rows.runs);
  if (rows.stages?.length) await knex(TABLE_HUD_STAGES).insert(rows.stages);
  if (rows.pullRequests?.length) {
    await knex(TABLE_HUD_PULL_REQUESTS).insert(rows.pullRequests);
  }
  if (rows.events?.length) await knex(TABLE_HUD_EVENTS).insert(rows.events);
}

/** Empties the HUD tables between tests. */
export async function clearHudTables(knex: Knex): Promise<void> {
  for (const table of [
    TABLE_HUD_STAGES,
    TABLE_HUD_RUNS,
    TABLE_HUD_PULL_REQUESTS,
    TABLE_HUD_EVENTS,
  ]) {
    await knex(table).delete();
  }
}
