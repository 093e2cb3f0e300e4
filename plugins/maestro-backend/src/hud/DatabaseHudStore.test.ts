import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { MIGRATIONS_DIRECTORY } from '../database/migrateDatabase';
import { DatabaseHudStore } from './DatabaseHudStore';
import {
  HudEventRecord,
  PullRequestRecord,
  RunRecord,
  StageRecord,
} from './types';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const MIGRATION = '20261201120000_hud.js';
const HUD_TABLES = [
  'maestro_hud_events',
  'maestro_hud_runs',
  'maestro_hud_stages',
  'maestro_hud_pull_requests',
];
const ENTITY = 'component:default/payments-api';

function event(id: string, overrides: Partial<HudEventRecord> = {}) {
  return {
    id,
    eventKey: `key-${id}`,
    source: 'github',
    origin: 'github',
    deliveryId: `delivery-${id}`,
    type: 'workflow_run.completed',
    entityRef: ENTITY,
    occurredAt: '2026-12-01T10:00:00.000Z',
    receivedAt: '2026-12-01T10:00:01.000Z',
    receivedBy: 'github-webhook',
    payload: { action: 'completed', workflow_run: { id: 1 } },
    facts: { occurredAt: '2026-12-01T10:00:00.000Z' },
    ...overrides,
  } as HudEventRecord;
}

function run(id: string, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    entityRef: ENTITY,
    source: 'github',
    provider: 'github-actions',
    externalId: '42',
    status: 'running',
    statusAt: '2026-12-01T10:00:00.000Z',
    fieldTimes: {},
    firstEventAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
    createdAt: '2026-12-01T10:00:01.000Z',
    ...overrides,
  };
}

function stage(id: string, runId: string, key: string): StageRecord {
  return {
    id,
    runId,
    key,
    name: 'test',
    jobName: 'unit tests',
    status: 'failed',
    statusAt: '2026-12-01T10:05:00.000Z',
    startedAt: '2026-12-01T10:01:00.000Z',
    finishedAt: '2026-12-01T10:05:00.000Z',
    durationMs: 240_000,
    tests: { passed: 10, failed: 1, failures: [{ name: 'pays twice' }] },
    policy: { passed: false, denied: 2, warnings: 1 },
    fieldTimes: { name: '2026-12-01T10:05:00.000Z' },
    updatedAt: '2026-12-01T10:05:00.000Z',
  };
}

function pullRequest(
  id: string,
  number: number,
  overrides: Partial<PullRequestRecord> = {},
): PullRequestRecord {
  return {
    id,
    entityRef: ENTITY,
    number,
    fieldTimes: {},
    updatedAt: '2026-12-01T10:00:00.000Z',
    createdAt: '2026-12-01T10:00:00.000Z',
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())(
  'DatabaseHudStore on %s',
  databaseId => {
    let knex: Knex;
    let store: DatabaseHudStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      store = DatabaseHudStore.fromClient(knex);
    });

    it('migrates down and up again', async () => {
      await knex.migrate.down({
        directory: MIGRATIONS_DIRECTORY,
        name: MIGRATION,
      });
      for (const table of HUD_TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }
      expect(await knex.schema.hasTable('maestro_artifacts')).toBe(true);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      for (const table of HUD_TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }
    });

    it('stores an event once per key, even when inserted concurrently', async () => {
      const results = await Promise.all(
        ['e1', 'e2', 'e3', 'e4'].map(id =>
          store.transaction(tx =>
            store.insertEventIfAbsent(tx, event(id, { eventKey: 'same' })),
          ),
        ),
      );
      expect(results.filter(r => r.created)).toHaveLength(1);
      expect(new Set(results.map(r => r.eventId)).size).toBe(1);
      const [stored] = await store.listEvents({ entityRef: ENTITY, limit: 10 });
      expect(stored.payload).toEqual({
        action: 'completed',
        workflow_run: { id: 1 },
      });
      expect(stored.facts).toEqual({ occurredAt: '2026-12-01T10:00:00.000Z' });
    });

    it('lets one of concurrent copies of a payload claim its digest, and a later one take over an expired claim', async () => {
      const claim = (eventId: string, receivedAt: string) =>
        store.transaction(tx =>
          store.claimPayloadDigest(tx, {
            digest: 'c'.repeat(64),
            eventId,
            receivedAt,
            windowStart: '2026-12-02T00:00:00.000Z',
          }),
        );
      const results = await Promise.all(
        ['p1', 'p2', 'p3'].map(id => claim(id, '2026-12-02T10:00:00.000Z')),
      );
      expect(results.filter(r => r.claimed)).toHaveLength(1);
      const holder = ['p1', 'p2', 'p3'][results.findIndex(r => r.claimed)];
      expect(results.filter(r => !r.claimed)).toEqual([
        { claimed: false, eventId: holder },
        { claimed: false, eventId: holder },
      ]);
      // Received before the window started: the next copy takes it over.
      await knex('maestro_hud_payload_digests')
        .where({ payload_sha256: 'c'.repeat(64) })
        .update({ received_at: '2026-12-01T23:59:59.999Z' });
      expect(await claim('p4', '2026-12-02T10:05:00.000Z')).toEqual({
        claimed: true,
      });
      expect(await claim('p5', '2026-12-02T10:06:00.000Z')).toEqual({
        claimed: false,
        eventId: 'p4',
      });
    });

    it('keeps one run per external id, stages per key, and reads them back', async () => {
      const claims = await Promise.all(
        ['r1', 'r2', 'r3'].map(id =>
          store.transaction(tx => store.claim(tx, 'run', run(id))),
        ),
      );
      expect(claims.filter(c => c.created)).toHaveLength(1);
      const runId = claims[0].record.id;

      await store.transaction(async tx => {
        const { record: stored } = await store.claim(tx, 'run', run('r9'));
        await store.update(tx, 'run', {
          ...stored,
          status: 'succeeded',
          finishedAt: '2026-12-01T10:09:00.000Z',
          durationMs: 540_000,
          pullRequest: 7,
          imageDigest: `sha256:${'a'.repeat(64)}`,
          fieldTimes: { pullRequest: '2026-12-01T10:00:00.000Z' },
        });
        const first = await store.claim(
          tx,
          'stage',
          stage('s1', runId, 'job:1'),
        );
        const again = await store.claim(
          tx,
          'stage',
          stage('s2', runId, 'job:1'),
        );
        expect([first.created, again.created]).toEqual([true, false]);
        await store.update(tx, 'stage', {
          ...again.record,
          status: 'succeeded',
        });
      });

      const [read] = await store.listRuns({ entityRef: ENTITY });
      expect(read).toMatchObject({
        id: runId,
        status: 'succeeded',
        durationMs: 540_000,
        pullRequest: 7,
        fieldTimes: { pullRequest: '2026-12-01T10:00:00.000Z' },
      });
      const stages = await store.listStages([runId]);
      expect(stages.get(runId)).toEqual([
        expect.objectContaining({
          id: 's1',
          status: 'succeeded',
          tests: { passed: 10, failed: 1, failures: [{ name: 'pays twice' }] },
          policy: { passed: false, denied: 2, warnings: 1 },
          durationMs: 240_000,
        }),
      ]);
      const policyColumns = await knex('maestro_hud_stages')
        .where({ id: 's1' })
        .first('policy_passed', 'policy_denied');
      expect(Boolean(policyColumns.policy_passed)).toBe(false);
      expect(policyColumns.policy_denied).toBe(2);
    });

    it('lists runs newest first, filters them, and finds the latest run of each pull request', async () => {
      const entityRef = 'component:default/runs-listing';
      const runs = [
        run('l1', {
          entityRef,
          externalId: '1',
          pullRequest: 1,
          firstEventAt: '2026-12-01T09:00:00.000Z',
          finishedAt: '2026-12-01T09:10:00.000Z',
        }),
        run('l2', {
          entityRef,
          externalId: '2',
          pullRequest: 1,
          firstEventAt: '2026-12-01T11:00:00.000Z',
        }),
        run('l3', {
          entityRef,
          externalId: '3',
          pullRequest: 2,
          firstEventAt: '2026-12-01T10:00:00.000Z',
          finishedAt: '2026-12-01T10:30:00.000Z',
        }),
        run('l4', {
          entityRef,
          externalId: '4',
          firstEventAt: '2026-12-01T12:00:00.000Z',
        }),
      ];
      await store.transaction(async tx => {
        for (const r of runs) await store.claim(tx, 'run', r);
      });
      const all = await store.listRuns({ entityRef });
      expect(all.map(r => r.id)).toEqual(['l4', 'l2', 'l3', 'l1']);
      expect(
        (await store.listRuns({ entityRef, limit: 2 })).map(r => r.id),
      ).toEqual(['l4', 'l2']);
      expect(
        (await store.listRuns({ entityRef, pullRequest: 1 })).map(r => r.id),
      ).toEqual(['l2', 'l1']);
      expect(
        (
          await store.listRuns({
            entityRef,
            finishedFrom: '2026-12-01T10:00:00.000Z',
            finishedBefore: '2026-12-02T00:00:00.000Z',
          })
        ).map(r => r.id),
      ).toEqual(['l3']);

      const latest = await store.latestRunPerPullRequest(entityRef, [1, 2, 3]);
      expect([...latest.entries()].map(([n, r]) => [n, r.id]).sort()).toEqual([
        [1, 'l2'],
        [2, 'l3'],
      ]);
    });

    it('lists open pull requests first, then the most recently updated', async () => {
      const entityRef = 'component:default/pr-listing';
      await store.transaction(async tx => {
        for (const pr of [
          pullRequest('p1', 1, {
            entityRef,
            state: 'merged',
            updatedAt: '2026-12-01T12:00:00.000Z',
          }),
          pullRequest('p2', 2, {
            entityRef,
            state: 'open',
            updatedAt: '2026-12-01T09:00:00.000Z',
          }),
          pullRequest('p3', 3, {
            entityRef,
            updatedAt: '2026-12-01T10:00:00.000Z',
          }),
          pullRequest('p4', 4, {
            entityRef,
            state: 'closed',
            updatedAt: '2026-12-01T11:00:00.000Z',
          }),
        ]) {
          await store.claim(tx, 'pullRequest', pr);
        }
        const { record: p2 } = await store.claim(
          tx,
          'pullRequest',
          pullRequest('p2-again', 2, { entityRef }),
        );
        await store.update(tx, 'pullRequest', {
          ...p2,
          title: 'Retry captures',
          previewUrl: 'https://pr-2.preview.acme.dev',
        });
      });
      const listed = await store.listPullRequests(entityRef, 10);
      expect(listed.map(pr => pr.number)).toEqual([3, 2, 1, 4]);
      expect(await store.getPullRequest(entityRef, 2)).toMatchObject({
        id: 'p2',
        state: 'open',
        title: 'Retry captures',
        previewUrl: 'https://pr-2.preview.acme.dev',
      });
      expect(await store.getPullRequest(entityRef, 99)).toBeUndefined();
    });

    it('counts events per entity and ingestion path in a time window', async () => {
      const entityRef = 'component:default/counting';
      await store.transaction(async tx => {
        await store.insertEventIfAbsent(
          tx,
          event('c1', { entityRef, eventKey: 'c1', source: 'github' }),
        );
        await store.insertEventIfAbsent(
          tx,
          event('c2', { entityRef, eventKey: 'c2', source: 'github' }),
        );
        await store.insertEventIfAbsent(
          tx,
          event('c3', { entityRef, eventKey: 'c3', source: 'api' }),
        );
        await store.insertEventIfAbsent(
          tx,
          event('c4', {
            entityRef,
            eventKey: 'c4',
            source: 'api',
            receivedAt: '2026-12-03T00:00:00.000Z',
          }),
        );
      });
      expect(
        await store.countEvents({
          entityRef,
          from: '2026-12-01T00:00:00.000Z',
          before: '2026-12-02T00:00:00.000Z',
        }),
      ).toEqual([
        { entityRef, source: 'api', count: 1 },
        { entityRef, source: 'github', count: 2 },
      ]);
    });
  },
);
