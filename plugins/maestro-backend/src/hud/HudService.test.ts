import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import { MIGRATIONS_DIRECTORY } from '../database/migrateDatabase';
import { EntitySignalPublisher } from '../signals/EntitySignalPublisher';
import { DatabaseHudStore } from './DatabaseHudStore';
import { HudService } from './HudService';
import { HudEvent, HudEventFacts } from './types';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map(
      rest => [item, ...rest],
    ),
  );
}

const run = { provider: 'github-actions', externalId: '9001' };

/** A PR's CI as GitHub reports it, each report a separate delivery. */
const PR_EVENTS: Array<{ id: string; facts: HudEventFacts }> = [
  {
    id: 'pr-opened',
    facts: {
      occurredAt: '2026-12-01T09:59:00.000Z',
      pullRequest: {
        number: 42,
        title: 'Retry card captures',
        state: 'open',
        author: 'ada-lovelace',
        headCommit: 'abc',
      },
    },
  },
  {
    id: 'run-in-progress',
    facts: {
      occurredAt: '2026-12-01T10:00:05.000Z',
      run: {
        ...run,
        status: 'running',
        startedAt: '2026-12-01T10:00:05.000Z',
        pullRequest: 42,
        commit: 'abc',
        name: 'CI',
      },
    },
  },
  {
    id: 'job-test-started',
    facts: {
      occurredAt: '2026-12-01T10:01:00.000Z',
      run,
      stage: {
        key: 'job:1',
        name: 'test',
        jobName: 'unit tests',
        status: 'running',
        startedAt: '2026-12-01T10:01:00.000Z',
      },
    },
  },
  {
    id: 'job-test-failed',
    facts: {
      occurredAt: '2026-12-01T10:04:00.000Z',
      run,
      stage: {
        key: 'job:1',
        name: 'test',
        jobName: 'unit tests',
        status: 'failed',
        startedAt: '2026-12-01T10:01:00.000Z',
        finishedAt: '2026-12-01T10:04:00.000Z',
      },
    },
  },
  {
    id: 'deploy-preview',
    facts: {
      occurredAt: '2026-12-01T10:05:00.000Z',
      run,
      stage: {
        key: 'deployment:7',
        name: 'deploy',
        status: 'succeeded',
        finishedAt: '2026-12-01T10:05:00.000Z',
        previewUrl: 'https://pr-42.preview.acme.dev',
      },
    },
  },
  {
    id: 'run-completed',
    facts: {
      occurredAt: '2026-12-01T10:06:00.000Z',
      run: {
        ...run,
        status: 'failed',
        startedAt: '2026-12-01T10:00:05.000Z',
        finishedAt: '2026-12-01T10:06:00.000Z',
      },
    },
  },
];

function event(
  entityRef: string,
  { id, facts }: { id: string; facts: HudEventFacts },
): HudEvent {
  return {
    source: 'github',
    origin: 'github',
    deliveryId: `${entityRef}/${id}`,
    type: id,
    entityRef,
    receivedBy: 'github-webhook',
    payload: { id },
    facts,
  };
}

describe.each(databases.eachSupportedId())('HudService on %s', databaseId => {
  let knex: Knex;
  let hud: HudService;
  let published: Array<{ entityRef: string; topic: string; runs: number }>;
  const ingested: string[] = [];

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    const store = DatabaseHudStore.fromClient(knex);
    published = [];
    // Records what a page refetching on the signal would find.
    const signals = {
      publish: async (entityRef: string, topic: string) => {
        const runs = await store.listRuns({ entityRef });
        published.push({ entityRef, topic, runs: runs.length });
      },
    } as unknown as EntitySignalPublisher;
    hud = new HudService({
      store,
      resolver: { resolve: async () => ({ reason: 'unused' }) },
      signals,
      logger: mockServices.logger.mock(),
      onIngested: entityRef => ingested.push(entityRef),
    });
  });

  it('folds a pull request’s events into the same timeline whatever order they arrive in', async () => {
    // 720 orders are many; every rotation and its reverse covers completed
    // before started, deploy before run, PR last, and so on.
    const orders = [
      ...PR_EVENTS.map((_, n) => [
        ...PR_EVENTS.slice(n),
        ...PR_EVENTS.slice(0, n),
      ]),
      ...PR_EVENTS.map((_, n) =>
        [...PR_EVENTS.slice(n), ...PR_EVENTS.slice(0, n)].reverse(),
      ),
    ];
    const timelines = [];
    for (const [n, order] of orders.entries()) {
      const entityRef = `component:default/order-${n}`;
      for (const e of order) await hud.ingest(event(entityRef, e));
      const { entityRef: _, ...pr } = await hud.getPullRequest(entityRef, 42);
      timelines.push(
        JSON.parse(
          JSON.stringify(pr)
            .replace(/"id":"[^"]+"/g, '"id":"…"')
            .replace(/"entityRef":"[^"]+"/g, '"entityRef":"…"'),
        ),
      );
    }
    expect(timelines[0]).toEqual({
      number: 42,
      title: 'Retry card captures',
      state: 'open',
      author: 'ada-lovelace',
      headCommit: 'abc',
      previewUrl: 'https://pr-42.preview.acme.dev',
      updatedAt: '2026-12-01T10:06:00.000Z',
      runs: [
        {
          id: '…',
          entityRef: '…',
          source: 'github',
          provider: 'github-actions',
          externalId: '9001',
          name: 'CI',
          pullRequest: 42,
          commit: 'abc',
          status: 'failed',
          startedAt: '2026-12-01T10:00:05.000Z',
          finishedAt: '2026-12-01T10:06:00.000Z',
          durationMs: 355_000,
          previewUrl: 'https://pr-42.preview.acme.dev',
          updatedAt: '2026-12-01T10:06:00.000Z',
          stages: [
            {
              name: 'test',
              status: 'failed',
              startedAt: '2026-12-01T10:01:00.000Z',
              finishedAt: '2026-12-01T10:04:00.000Z',
              durationMs: 180_000,
            },
            {
              name: 'deploy',
              status: 'succeeded',
              finishedAt: '2026-12-01T10:05:00.000Z',
              previewUrl: 'https://pr-42.preview.acme.dev',
            },
          ],
        },
      ],
    });
    for (const timeline of timelines) {
      expect(timeline).toEqual(timelines[0]);
    }
  });

  it('ends in the same run for every permutation of a run’s four events', async () => {
    const events = PR_EVENTS.slice(1, 5);
    const runs = [];
    for (const [n, order] of permutations(events).entries()) {
      const entityRef = `component:default/permutation-${n}`;
      for (const e of order) await hud.ingest(event(entityRef, e));
      const [stored] = await hud.listRuns({ entityRef });
      const { id, entityRef: _, ...rest } = stored;
      runs.push(rest);
    }
    expect(runs).toHaveLength(24);
    expect(runs[0]).toMatchObject({
      status: 'running',
      stages: [{ status: 'failed' }, { status: 'succeeded' }],
    });
    for (const r of runs) expect(r).toEqual(runs[0]);
  });

  it('stores a repeated delivery once and changes nothing', async () => {
    const entityRef = 'component:default/replayed';
    const first = await hud.ingest(event(entityRef, PR_EVENTS[1]));
    const before = await hud.getTimeline(entityRef);
    const again = await hud.ingest({
      ...event(entityRef, PR_EVENTS[1]),
      // A redelivery carries the same delivery id, whatever else differs.
      payload: { redelivered: true },
    });
    expect(first).toMatchObject({ status: 'created', entityRef });
    expect(again).toEqual({
      status: 'duplicate',
      eventId: first.eventId,
      entityRef,
    });
    expect(await hud.getTimeline(entityRef)).toEqual(before);
    const rows = await knex('maestro_hud_events').where({
      entity_ref: entityRef,
    });
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].payload)).toEqual({ id: 'run-in-progress' });
    expect(rows[0].run_id).toBe(first.runId);
  });

  it('stores a signed payload once within the replay window, whatever its delivery id, and rolls the copy back', async () => {
    const entityRef = 'component:default/replay-window';
    let now = new Date('2026-12-02T10:00:00.000Z');
    const windowed = new HudService({
      store: DatabaseHudStore.fromClient(knex),
      resolver: { resolve: async () => ({ reason: 'unused' }) },
      signals: { publish: async () => {} } as unknown as EntitySignalPublisher,
      logger: mockServices.logger.mock(),
      replayWindowMs: 3600_000,
      now: () => now,
    });
    const copy = (deliveryId: string) => ({
      ...event(entityRef, PR_EVENTS[1]),
      deliveryId,
      payloadDigest: 'd'.repeat(64),
    });
    const first = await windowed.ingest(copy('replay-1'));
    now = new Date('2026-12-02T10:59:59.000Z');
    const replayed = await windowed.ingest(copy('replay-2'));
    expect(replayed).toEqual({
      status: 'duplicate',
      eventId: first.eventId,
      entityRef,
    });
    // Rolled back: the copy left no event row behind.
    const rows = () =>
      knex('maestro_hud_events')
        .where({ entity_ref: entityRef })
        .orderBy('received_at');
    expect((await rows()).map(row => row.delivery_id)).toEqual(['replay-1']);

    // Past the window a copy is stored, and holds the digest from then on.
    now = new Date('2026-12-02T11:00:01.000Z');
    const late = await windowed.ingest(copy('replay-3'));
    expect(late.status).toBe('created');
    now = new Date('2026-12-02T11:30:00.000Z');
    expect(await windowed.ingest(copy('replay-4'))).toMatchObject({
      status: 'duplicate',
      eventId: late.eventId,
    });
    expect((await rows()).map(row => row.delivery_id)).toEqual([
      'replay-1',
      'replay-3',
    ]);
  });

  it('tells onIngested (alert re-evaluation) about stored events, not duplicates', async () => {
    const entityRef = 'component:default/alerting';
    ingested.length = 0;
    await hud.ingest(event(entityRef, PR_EVENTS[1]));
    await hud.ingest(event(entityRef, PR_EVENTS[1]));
    expect(ingested).toEqual([entityRef]);
  });

  it('publishes the hud signal after the change is committed, and not for duplicates or pushes', async () => {
    const entityRef = 'component:default/signalled';
    published.length = 0;
    await hud.ingest(event(entityRef, PR_EVENTS[1]));
    await hud.ingest(event(entityRef, PR_EVENTS[1]));
    await hud.ingest(
      event(entityRef, {
        id: 'push',
        facts: {
          occurredAt: '2026-12-01T10:00:00.000Z',
          push: { branch: 'main', commit: 'abc' },
        },
      }),
    );
    expect(published).toEqual([{ entityRef, topic: 'hud', runs: 1 }]);
  });

  it('lists open pull requests first with their latest run, and the newest runs', async () => {
    const entityRef = 'component:default/timeline';
    const ingest = (id: string, facts: HudEventFacts) =>
      hud.ingest(event(entityRef, { id, facts }));
    await ingest('pr-1', {
      occurredAt: '2026-12-01T08:00:00.000Z',
      pullRequest: { number: 1, state: 'merged' },
    });
    await ingest('pr-2', {
      occurredAt: '2026-12-01T07:00:00.000Z',
      pullRequest: { number: 2, state: 'open' },
    });
    await ingest('run-a', {
      occurredAt: '2026-12-01T07:10:00.000Z',
      run: {
        provider: 'api',
        externalId: 'a',
        pullRequest: 2,
        status: 'succeeded',
      },
    });
    await ingest('run-b', {
      occurredAt: '2026-12-01T07:20:00.000Z',
      run: {
        provider: 'api',
        externalId: 'b',
        pullRequest: 2,
        status: 'running',
      },
    });
    await ingest('run-main', {
      occurredAt: '2026-12-01T09:00:00.000Z',
      run: {
        provider: 'api',
        externalId: 'main',
        branch: 'main',
        status: 'queued',
      },
    });

    const timeline = await hud.getTimeline('Component:default/Timeline', {
      limit: 2,
    });
    expect(timeline.entityRef).toBe(entityRef);
    expect(
      timeline.pullRequests.map(pr => [
        pr.number,
        pr.state,
        pr.latestRun?.externalId,
      ]),
    ).toEqual([
      [2, 'open', 'b'],
      [1, 'merged', undefined],
    ]);
    expect(timeline.runs.map(r => r.externalId)).toEqual(['main', 'b']);
    await expect(hud.getPullRequest(entityRef, 3)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
