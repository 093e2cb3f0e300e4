import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { SupplyChainSummary } from '@maestro-conductor/backstage-plugin-maestro-common';
import { Knex } from 'knex';
import { MIGRATIONS_DIRECTORY } from '../database/migrateDatabase';
import {
  BILLING,
  clearHudTables,
  insertRows,
  PAYMENTS,
  runRow,
} from '../hud/metrics/__testUtils__/hudRows';
import { CatalogEntityOwners } from './alertNotifications';
import {
  DatabaseHudAlertStore,
  TABLE_HUD_ALERTS,
} from './DatabaseHudAlertStore';
import { DatabaseHudMetricsStore } from '../hud/metrics/DatabaseHudMetricsStore';
import { HudAlertService } from './HudAlertService';
import { HudAlertRule, readHudAlertRules } from './alertsConfig';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const ORPHAN = 'component:default/orphan';
const DEFAULT_RULES = readHudAlertRules(new ConfigReader({}));

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api' },
    spec: { type: 'service', lifecycle: 'production', owner: 'payments-team' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'billing' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:finance/billing-team',
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orphan' },
    spec: { type: 'service', lifecycle: 'experimental' },
  },
];

/** Runs finished an hour apart before `end`, the given ones failed. */
function runs(prefix: string, count: number, failed: number[], end: string) {
  return Array.from({ length: count }, (_, i) =>
    runRow(`${prefix}-${i}`, {
      at: new Date(Date.parse(end) - i * 3600_000).toISOString(),
      status: failed.includes(i) ? 'failed' : 'succeeded',
    }),
  );
}

describe.each(databases.eachSupportedId())(
  'HudAlertService on %s',
  databaseId => {
    let knex: Knex;
    let now: Date;
    let critical: Map<string, number>;
    let bypasses: Map<string, number>;
    let notifications: { send: jest.Mock };
    let signals: { publish: jest.Mock };

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    });

    beforeEach(async () => {
      await clearHudTables(knex);
      await knex(TABLE_HUD_ALERTS).delete();
      now = new Date('2026-12-10T12:00:00.000Z');
      critical = new Map();
      bypasses = new Map();
      notifications = { send: jest.fn(async () => {}) };
      signals = { publish: jest.fn(async () => {}) };
    });

    function service(
      rules: HudAlertRule[] = DEFAULT_RULES,
      sources?: ConstructorParameters<typeof HudAlertService>[0]['sources'],
    ) {
      const summary = async (query: {
        entityRef?: string;
      }): Promise<SupplyChainSummary> => ({
        items: [...critical]
          .filter(([ref]) => !query.entityRef || ref === query.entityRef)
          .map(([entityRef, count]) => ({
            entityRef,
            latestDigest: `sha256:${'c'.repeat(64)}`,
            counts: {
              critical: count,
              high: 0,
              medium: 0,
              low: 0,
              negligible: 0,
              unknown: 0,
            },
            trend: [],
          })),
      });
      const countBypasses = async (query: { entityRef?: string }) =>
        [...bypasses]
          .filter(([ref]) => !query.entityRef || ref === query.entityRef)
          .map(([entityRef, count]) => ({ entityRef, count }));
      return new HudAlertService({
        rules,
        store: DatabaseHudAlertStore.fromClient(knex),
        metrics: DatabaseHudMetricsStore.fromClient(knex),
        sources: sources ?? {
          vulnerabilities: { summary },
          bypasses: { countBypasses },
        },
        owners: new CatalogEntityOwners({
          catalog: catalogServiceMock({ entities }),
          auth: mockServices.auth(),
          logger: mockServices.logger.mock(),
        }),
        notifications,
        signals,
        logger: mockServices.logger.mock(),
        now: () => now,
      });
    }

    const sent = () =>
      notifications.send.mock.calls.map(([options]) => options);

    it('notifies the owning group once per failure-rate breach, and again after it resolved and crossed anew', async () => {
      const alerts = service();
      // 1 of 5 runs failed: 20% > 10%, with the 5 runs the rule needs.
      await insertRows(knex, {
        runs: runs('a', 5, [0], '2026-12-10T11:00:00.000Z'),
      });
      const first = await alerts.evaluate();
      expect(first.opened).toHaveLength(1);
      expect(sent()).toEqual([
        {
          recipients: {
            type: 'entity',
            entityRef: 'group:default/payments-team',
          },
          payload: expect.objectContaining({
            title: `High build failure rate (>10%): ${PAYMENTS}`,
            severity: 'high',
            topic: 'maestro-hud-alert',
            scope: `maestro-hud-alert:${first.opened[0].id}`,
            link: '/catalog/default/component/payments-api',
          }),
        },
      ]);
      expect(sent()[0].payload.description).toMatch(
        /^1 of 5 finished runs failed in the last 7 days; the threshold is 0\.1\./,
      );
      expect(signals.publish).toHaveBeenCalledWith(PAYMENTS, 'hud');

      // Still above (2 of 6), evaluated again: no second notification.
      await insertRows(knex, {
        runs: [
          runRow('a-late', {
            at: '2026-12-10T11:30:00.000Z',
            status: 'failed',
          }),
        ],
      });
      expect(await alerts.evaluate()).toEqual({ opened: [], resolved: [] });
      expect(await alerts.evaluate({ entityRef: PAYMENTS })).toEqual({
        opened: [],
        resolved: [],
      });
      expect(notifications.send).toHaveBeenCalledTimes(1);

      // 2 of 26: back under 10%, resolved without a notification.
      await insertRows(knex, {
        runs: runs('b', 20, [], '2026-12-10T10:59:00.000Z'),
      });
      now = new Date('2026-12-10T12:05:00.000Z');
      const back = await alerts.evaluate();
      expect(back.resolved).toEqual([
        expect.objectContaining({
          id: first.opened[0].id,
          status: 'resolved',
          resolvedAt: '2026-12-10T12:05:00.000Z',
          resolvedValue: 2 / 26,
        }),
      ]);
      expect(notifications.send).toHaveBeenCalledTimes(1);

      // 5 of 29 crosses again: a new breach and a second notification.
      await insertRows(knex, {
        runs: runs('c', 3, [0, 1, 2], '2026-12-10T11:45:00.000Z'),
      });
      now = new Date('2026-12-10T12:10:00.000Z');
      const again = await alerts.evaluate();
      expect(again.opened).toEqual([
        expect.objectContaining({ value: 5 / 29, threshold: 0.1 }),
      ]);
      expect(again.opened[0].id).not.toBe(first.opened[0].id);
      expect(notifications.send).toHaveBeenCalledTimes(2);
      expect(sent()[1].payload.scope).toBe(
        `maestro-hud-alert:${again.opened[0].id}`,
      );

      expect(await alerts.listAlerts({ entityRef: PAYMENTS })).toEqual([
        {
          id: again.opened[0].id,
          ruleId: 'high-failure-rate',
          entityRef: PAYMENTS,
          title: 'High build failure rate (>10%)',
          value: 5 / 29,
          threshold: 0.1,
          status: 'open',
          openedAt: '2026-12-10T12:10:00.000Z',
        },
        {
          id: first.opened[0].id,
          ruleId: 'high-failure-rate',
          entityRef: PAYMENTS,
          title: 'High build failure rate (>10%)',
          value: 0.2,
          threshold: 0.1,
          status: 'resolved',
          openedAt: '2026-12-10T12:00:00.000Z',
          resolvedAt: '2026-12-10T12:05:00.000Z',
        },
      ]);
    });

    it('gives no failure-rate verdict below minRuns or outside the window', async () => {
      await insertRows(knex, {
        runs: [
          // 2 of 4 in the window: too few runs.
          ...runs('few', 4, [0, 1], '2026-12-10T11:00:00.000Z').map(r => ({
            ...r,
            entity_ref: BILLING,
          })),
          // 5 failures, but 8 days ago.
          ...runs('old', 5, [0, 1, 2, 3, 4], '2026-12-02T11:00:00.000Z'),
        ],
      });
      expect(await service().evaluate()).toEqual({ opened: [], resolved: [] });
      expect(notifications.send).not.toHaveBeenCalled();
    });

    it('opens one breach when evaluations race', async () => {
      await insertRows(knex, {
        runs: runs('a', 5, [0, 1], '2026-12-10T11:00:00.000Z'),
      });
      const alerts = service();
      const results = await Promise.all([
        alerts.evaluate(),
        alerts.evaluate({ entityRef: PAYMENTS }),
        service().evaluate(),
      ]);
      expect(results.flatMap(r => r.opened)).toHaveLength(1);
      expect(notifications.send).toHaveBeenCalledTimes(1);
      expect(
        await knex(TABLE_HUD_ALERTS).where({ status: 'open' }),
      ).toHaveLength(1);
    });

    it('alerts on critical vulnerabilities of the newest artifact and on policy bypasses', async () => {
      critical.set(BILLING, 2);
      bypasses.set(PAYMENTS, 1);
      const alerts = service();
      const { opened } = await alerts.evaluate();
      expect(opened.map(b => [b.ruleId, b.entityRef, b.value]).sort()).toEqual([
        ['critical-vulnerabilities', BILLING, 2],
        ['policy-bypasses', PAYMENTS, 1],
      ]);
      expect(
        sent()
          .map(n => [n.payload.title, n.recipients, n.payload.severity])
          .sort(([a], [b]) => String(a).localeCompare(String(b))),
      ).toEqual([
        [
          `Critical vulnerabilities detected: ${BILLING}`,
          { type: 'entity', entityRef: 'group:finance/billing-team' },
          'critical',
        ],
        [
          `Policy bypasses used: ${PAYMENTS}`,
          { type: 'entity', entityRef: 'group:default/payments-team' },
          'high',
        ],
      ]);

      critical.set(BILLING, 0);
      bypasses.clear();
      const { resolved } = await alerts.evaluate();
      expect(resolved.map(b => b.ruleId).sort()).toEqual([
        'critical-vulnerabilities',
        'policy-bypasses',
      ]);
      expect(await knex(TABLE_HUD_ALERTS).where({ status: 'open' })).toEqual(
        [],
      );
      expect(notifications.send).toHaveBeenCalledTimes(2);
    });

    it('sends to the entity itself when it has no owner, and resolves breaches of removed rules', async () => {
      critical.set(ORPHAN, 1);
      await service().evaluate();
      expect(sent()[0].recipients).toEqual({
        type: 'entity',
        entityRef: ORPHAN,
      });

      const withoutCritical = DEFAULT_RULES.filter(
        rule => rule.metric !== 'criticalVulnerabilities',
      );
      const { resolved } = await service(withoutCritical).evaluate();
      expect(resolved).toEqual([
        expect.objectContaining({
          ruleId: 'critical-vulnerabilities',
          entityRef: ORPHAN,
        }),
      ]);
    });

    it('keeps breaches open while a metric cannot be read', async () => {
      bypasses.set(PAYMENTS, 1);
      const alerts = service();
      await alerts.evaluate();
      const failing = service(DEFAULT_RULES, {
        vulnerabilities: { summary: async () => ({ items: [] }) },
        bypasses: {
          countBypasses: async () => {
            throw new Error('database is down');
          },
        },
      });
      expect(await failing.evaluate()).toEqual({ opened: [], resolved: [] });
      expect(
        await knex(TABLE_HUD_ALERTS).where({ status: 'open' }),
      ).toHaveLength(1);
    });

    it('retries a failed notification later, under the same scope', async () => {
      bypasses.set(PAYMENTS, 3);
      notifications.send.mockRejectedValueOnce(new Error('unavailable'));
      const alerts = service();
      const { opened } = await alerts.evaluate();
      expect(notifications.send).toHaveBeenCalledTimes(1);

      // Too soon: another evaluation may still be sending it.
      now = new Date('2026-12-10T12:02:00.000Z');
      await alerts.evaluate();
      expect(notifications.send).toHaveBeenCalledTimes(1);

      now = new Date('2026-12-10T12:06:00.000Z');
      await alerts.evaluate();
      expect(notifications.send).toHaveBeenCalledTimes(2);
      expect(sent()[1].payload.scope).toBe(`maestro-hud-alert:${opened[0].id}`);

      // Delivered: never again for this breach.
      now = new Date('2026-12-10T12:30:00.000Z');
      await alerts.evaluate();
      expect(notifications.send).toHaveBeenCalledTimes(2);
    });

    it('coalesces evaluation requests from ingestion and never rejects', async () => {
      const alerts = service();
      const evaluate = jest.spyOn(alerts, 'evaluate');
      await Promise.all([
        alerts.requestEvaluation(PAYMENTS),
        alerts.requestEvaluation(PAYMENTS),
        alerts.requestEvaluation(PAYMENTS),
      ]);
      // One running, the other two folded into one more.
      expect(evaluate).toHaveBeenCalledTimes(2);
      expect(evaluate).toHaveBeenCalledWith({ entityRef: PAYMENTS });

      evaluate.mockRejectedValueOnce(new Error('boom'));
      await expect(alerts.requestEvaluation(BILLING)).resolves.toBeUndefined();
    });
  },
);
