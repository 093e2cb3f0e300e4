import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import {
  component,
  startMaestroBackend,
} from '../../__testUtils__/startMaestroBackend';
import { insertRows, PAYMENTS, runRow } from './__testUtils__/hudRows';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const entities = [component('payments-api')];

/** Today's date at an hour, so the runs fall in every metrics window. */
const today = (hour: number) =>
  `${new Date().toISOString().slice(0, 10)}T${String(hour).padStart(
    2,
    '0',
  )}:00:00.000Z`;

async function startMaestro(knex: Knex) {
  const scheduler = mockServices.scheduler();
  const { server, notifications } = await startMaestroBackend(knex, {
    entities,
    features: [
      // Tasks run only when a test triggers them.
      createServiceFactory({
        service: coreServices.scheduler,
        deps: {},
        factory: () => scheduler,
      }),
    ],
  });
  return { server, scheduler, notifications };
}

describe.each(databases.eachSupportedId())(
  'Build HUD metrics and alerts API on %s',
  databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
    });

    it('answers GET /hud/metrics per service and org-wide, with a point per day', async () => {
      const { server } = await startMaestro(knex);
      await insertRows(knex, {
        runs: [
          runRow('r1', { at: today(0), duration_ms: 60_000 }),
          runRow('r2', {
            at: today(0),
            duration_ms: 120_000,
            status: 'failed',
          }),
        ],
      });

      const res = await request(server)
        .get(`/api/maestro/hud/metrics?entityRef=payments-api&days=30`)
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        entityRef: PAYMENTS,
        days: 30,
        runs: 2,
        failed: 1,
        successRate: 0.5,
        durationP50Ms: 60_000,
        durationP95Ms: 120_000,
        policyViolations: 0,
        previewsInUse: 0,
      });
      expect(res.body.daily).toHaveLength(30);
      expect(res.body.daily[29]).toEqual({
        date: today(0).slice(0, 10),
        runs: 2,
        failed: 1,
        successRate: 0.5,
        durationP50Ms: 60_000,
        durationP95Ms: 120_000,
        policyViolations: 0,
      });

      const orgWide = await request(server)
        .get('/api/maestro/hud/metrics')
        .set('Authorization', mockCredentials.service.header());
      expect(orgWide.status).toBe(200);
      expect(orgWide.body).toMatchObject({ days: 7, runs: 2 });
      expect(orgWide.body.entityRef).toBeUndefined();
      expect(orgWide.body.daily).toHaveLength(7);
    });

    it.each([['14'], ['seven'], ['7&days=30']])(
      'refuses days=%s with 400',
      async days => {
        const { server } = await startMaestro(knex);
        const res = await request(server)
          .get(`/api/maestro/hud/metrics?days=${days}`)
          .set('Authorization', mockCredentials.user.header());
        expect(res.status).toBe(400);
        expect(res.body.error.name).toBe('InputError');
        expect(res.body.error.message).toMatch(
          /^Invalid metrics query: days: /,
        );
      },
    );

    it('refuses a bad entity ref with 400 and anonymous callers with 401', async () => {
      const { server } = await startMaestro(knex);
      const bad = await request(server)
        .get('/api/maestro/hud/alerts?entityRef=component:')
        .set('Authorization', mockCredentials.user.header());
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(
        /^Invalid alerts query: entityRef/,
      );
      for (const path of ['/hud/metrics', '/hud/alerts']) {
        const res = await request(server)
          .get(`/api/maestro${path}`)
          .set('Authorization', mockCredentials.none.header());
        expect(res.status).toBe(401);
      }
    });

    it('schedules alerts and retention; a breach found by the alert task is listed and notified once', async () => {
      const { server, scheduler, notifications } = await startMaestro(knex);
      expect(
        (await scheduler.getScheduledTasks())
          .map(task => task.id)
          .filter(id => id.startsWith('maestro-hud-'))
          .sort(),
      ).toEqual(['maestro-hud-alerts', 'maestro-hud-retention']);

      // 3 of 5 failed today: above the default 10%.
      await insertRows(knex, {
        runs: [1, 2, 3, 4, 5].map(n =>
          runRow(`r${n}`, {
            at: today(0),
            status: n <= 3 ? 'failed' : 'succeeded',
          }),
        ),
      });
      await scheduler.triggerTask('maestro-hud-alerts');
      await scheduler.triggerTask('maestro-hud-alerts');
      expect(notifications.send).toHaveBeenCalledTimes(1);
      expect(notifications.send).toHaveBeenCalledWith(
        expect.objectContaining({
          recipients: {
            type: 'entity',
            entityRef: 'group:default/payments-team',
          },
        }),
      );

      const res = await request(server)
        .get(`/api/maestro/hud/alerts?entityRef=${PAYMENTS}`)
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        {
          id: expect.any(String),
          ruleId: 'high-failure-rate',
          entityRef: PAYMENTS,
          title: 'High build failure rate (>10%)',
          value: 0.6,
          threshold: 0.1,
          status: 'open',
          openedAt: expect.any(String),
        },
      ]);
      const others = await request(server)
        .get('/api/maestro/hud/alerts?entityRef=component:default/billing')
        .set('Authorization', mockCredentials.user.header());
      expect(others.body).toEqual({ items: [] });

      // Retention keeps today's runs.
      await scheduler.triggerTask('maestro-hud-retention');
      const [{ n }] = await knex('maestro_hud_runs').count({ n: '*' });
      expect(Number(n)).toBe(5);
    });
  },
);
