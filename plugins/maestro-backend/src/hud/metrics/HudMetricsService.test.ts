import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { MIGRATIONS_DIRECTORY } from '../../database/migrateDatabase';
import {
  BILLING,
  clearHudTables,
  insertRows,
  PAYMENTS,
  policyResult,
  pullRequestRow,
  runRow,
  stageRow,
} from './__testUtils__/hudRows';
import { DatabaseHudMetricsStore } from './DatabaseHudMetricsStore';
import { HudMetricsService, metricsWindow } from './HudMetricsService';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const NOW = new Date('2026-12-10T12:00:00.000Z');
const MINUTE = 60_000;

/** Seeds runs with known durations and statuses around a 7-day window. */
async function seed(knex: Knex) {
  // 2026-12-09: ten runs of 1..10 minutes; the 3- and 7-minute ones failed.
  const tenRuns = Array.from({ length: 10 }, (_, i) =>
    runRow(`d9-${i + 1}`, {
      at: `2026-12-09T${String(10 + i).padStart(2, '0')}:00:00.000Z`,
      duration_ms: (i + 1) * MINUTE,
      status: i + 1 === 3 || i + 1 === 7 ? 'failed' : 'succeeded',
    }),
  );
  await insertRows(knex, {
    runs: [
      ...tenRuns,
      // 2026-12-10: a duration from start and finish, a failure, one without times.
      runRow('d10-1', {
        at: '2026-12-10T08:01:30.000Z',
        started_at: '2026-12-10T08:00:00.000Z',
      }),
      runRow('d10-2', {
        at: '2026-12-10T09:00:00.000Z',
        status: 'failed',
        duration_ms: 30_000,
      }),
      runRow('d10-3', { at: '2026-12-10T10:00:00.000Z' }),
      // The first instant of the window counts; the last before it does not.
      runRow('d4-1', {
        at: '2026-12-04T00:00:00.000Z',
        duration_ms: 2 * MINUTE,
      }),
      runRow('d3-1', {
        at: '2026-12-03T23:59:59.999Z',
        status: 'failed',
        duration_ms: 99 * MINUTE,
      }),
      // No verdict: cancelled, skipped, still running.
      runRow('cancelled', {
        at: '2026-12-09T12:30:00.000Z',
        status: 'cancelled',
        duration_ms: 50 * MINUTE,
      }),
      runRow('skipped', { at: '2026-12-09T12:40:00.000Z', status: 'skipped' }),
      runRow('running', {
        status: 'running',
        finished_at: null,
        started_at: '2026-12-10T11:00:00.000Z',
      }),
      // Another service.
      runRow('billing-1', {
        entity_ref: BILLING,
        at: '2026-12-09T15:00:00.000Z',
        status: 'failed',
        duration_ms: 1_000_000,
      }),
    ],
    stages: [
      // One run, two violating stages: one violation, on the first one's day.
      stageRow('s1', 'd9-3', {
        ...policyResult(false, 0),
        finished_at: '2026-12-09T12:00:00.000Z',
      }),
      stageRow('s2', 'd9-3', {
        ...policyResult(false, 2),
        finished_at: '2026-12-10T01:00:00.000Z',
      }),
      // denied above 0 is a violation even when marked passed.
      stageRow('s3', 'd10-1', {
        ...policyResult(true, 1),
        finished_at: '2026-12-10T08:01:00.000Z',
      }),
      // Passed: not a violation; no policy data: not a violation.
      stageRow('s4', 'd10-2', policyResult(true, 0)),
      stageRow('s5', 'd10-3', { name: 'test' }),
      // Before the window.
      stageRow('s6', 'd3-1', {
        ...policyResult(false, 1),
        finished_at: '2026-12-03T23:00:00.000Z',
      }),
      // Not finished: dated by when it reported.
      stageRow('s7', 'billing-1', {
        ...policyResult(false, 3),
        finished_at: null,
        status: 'running',
        status_at: '2026-12-05T08:00:00.000Z',
      }),
    ],
    pullRequests: [
      pullRequestRow('pr1', 1, {
        preview_url: 'https://pr-1.preview.example.com',
        field_times: JSON.stringify({ previewUrl: '2026-12-10T06:00:00.000Z' }),
        updated_at: '2026-12-10T07:00:00.000Z',
      }),
      pullRequestRow('pr2', 2, {
        preview_url: 'https://pr-2.preview.example.com',
        updated_at: '2026-12-01T00:00:00.000Z',
      }),
      pullRequestRow('pr3', 3, {
        state: 'closed',
        preview_url: 'https://pr-3.preview.example.com',
      }),
      pullRequestRow('pr4', 4),
      pullRequestRow('pr5', 1, {
        entity_ref: BILLING,
        state: null,
        preview_url: 'https://billing-1.preview.example.com',
      }),
    ],
  });
}

describe('metricsWindow', () => {
  it('covers today and the days before it, in UTC', () => {
    expect(metricsWindow(NOW, 7)).toEqual({
      dates: [
        '2026-12-04',
        '2026-12-05',
        '2026-12-06',
        '2026-12-07',
        '2026-12-08',
        '2026-12-09',
        '2026-12-10',
      ],
      from: '2026-12-04T00:00:00.000Z',
      before: '2026-12-11T00:00:00.000Z',
    });
  });
});

describe.each(databases.eachSupportedId())(
  'HudMetricsService on %s',
  databaseId => {
    let knex: Knex;
    let store: DatabaseHudMetricsStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      store = DatabaseHudMetricsStore.fromClient(knex);
      await clearHudTables(knex);
      await seed(knex);
    });

    const service = (previewTtlHours?: number) =>
      new HudMetricsService({ store, previewTtlHours, now: () => NOW });

    it('computes success rate, p50/p95 and policy violations per day for a service', async () => {
      const metrics = await service().getMetrics({
        entityRef: PAYMENTS,
        days: 7,
      });
      const empty = (date: string) => ({
        date,
        runs: 0,
        failed: 0,
        policyViolations: 0,
      });
      expect(metrics.daily).toEqual([
        {
          date: '2026-12-04',
          runs: 1,
          failed: 0,
          successRate: 1,
          durationP50Ms: 2 * MINUTE,
          durationP95Ms: 2 * MINUTE,
          policyViolations: 0,
        },
        empty('2026-12-05'),
        empty('2026-12-06'),
        empty('2026-12-07'),
        empty('2026-12-08'),
        {
          date: '2026-12-09',
          runs: 10,
          failed: 2,
          successRate: 0.8,
          durationP50Ms: 5 * MINUTE,
          durationP95Ms: 10 * MINUTE,
          policyViolations: 1,
        },
        {
          date: '2026-12-10',
          runs: 3,
          failed: 1,
          successRate: 2 / 3,
          durationP50Ms: 30_000,
          durationP95Ms: 90_000,
          policyViolations: 1,
        },
      ]);
      // Totals come from the runs themselves: 13 known durations, not daily averages.
      const { daily, ...totals } = metrics;
      expect(totals).toEqual({
        entityRef: PAYMENTS,
        days: 7,
        runs: 14,
        failed: 3,
        successRate: 11 / 14,
        durationP50Ms: 4 * MINUTE,
        durationP95Ms: 10 * MINUTE,
        policyViolations: 2,
        previewsInUse: 2,
      });
    });

    it('computes the same figures org-wide, every service included', async () => {
      const { daily, ...totals } = await service().getMetrics({ days: 7 });
      expect(totals).toEqual({
        days: 7,
        runs: 15,
        failed: 4,
        successRate: 11 / 15,
        durationP50Ms: 4 * MINUTE,
        durationP95Ms: 1_000_000,
        policyViolations: 3,
        previewsInUse: 2,
      });
      expect(daily.find(point => point.date === '2026-12-05')).toEqual({
        date: '2026-12-05',
        runs: 0,
        failed: 0,
        policyViolations: 1,
      });
      expect(daily.find(point => point.date === '2026-12-09')).toMatchObject({
        runs: 11,
        failed: 3,
        durationP95Ms: 1_000_000,
      });
    });

    it('reaches back 30 and 90 days', async () => {
      const thirty = await service().getMetrics({
        entityRef: PAYMENTS,
        days: 30,
      });
      expect(thirty.daily).toHaveLength(30);
      expect(thirty.daily[0].date).toBe('2026-11-11');
      expect(thirty).toMatchObject({
        runs: 15,
        failed: 4,
        policyViolations: 3,
      });
      expect(thirty.durationP95Ms).toBe(99 * MINUTE);
      const ninety = await service().getMetrics({ days: 90 });
      expect(ninety.daily).toHaveLength(90);
      expect(ninety.daily[89].date).toBe('2026-12-10');
    });

    it('counts previews of open pull requests until their TTL passes', async () => {
      // PR 2's preview was last reported on 2026-12-01, PR 1's six hours ago.
      expect(
        (await service(72).getMetrics({ entityRef: PAYMENTS, days: 7 }))
          .previewsInUse,
      ).toBe(1);
      expect(
        (await service(5).getMetrics({ entityRef: PAYMENTS, days: 7 }))
          .previewsInUse,
      ).toBe(0);
      // Closed PRs, PRs without a preview and PRs of unknown state never count.
      expect(
        (await service().getMetrics({ entityRef: BILLING, days: 7 }))
          .previewsInUse,
      ).toBe(0);
    });

    it('counts finished runs and failures per service for alert windows', async () => {
      expect(
        await store.countFinishedRuns({ from: '2026-12-09T00:00:00.000Z' }),
      ).toEqual([
        { entityRef: BILLING, runs: 1, failed: 1 },
        { entityRef: PAYMENTS, runs: 13, failed: 3 },
      ]);
      expect(
        await store.countFinishedRuns({
          from: '2026-12-10T00:00:00.000Z',
          entityRef: PAYMENTS,
        }),
      ).toEqual([{ entityRef: PAYMENTS, runs: 3, failed: 1 }]);
    });
  },
);
