import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { MIGRATIONS_DIRECTORY } from '../database/migrateDatabase';
import {
  DatabaseHudAlertStore,
  HudBreach,
  TABLE_HUD_ALERTS,
} from './DatabaseHudAlertStore';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const MIGRATION = '20261201130000_hud_alerts.js';
const ENTITY = 'component:default/payments-api';

function breach(id: string, overrides: Partial<HudBreach> = {}) {
  return {
    id,
    ruleId: 'high-failure-rate',
    metric: 'failureRate' as const,
    entityRef: ENTITY,
    title: 'High build failure rate (>10%)',
    value: 0.25,
    threshold: 0.1,
    openedAt: '2026-12-10T12:00:00.000Z',
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())(
  'DatabaseHudAlertStore on %s',
  databaseId => {
    let knex: Knex;
    let store: DatabaseHudAlertStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      store = DatabaseHudAlertStore.fromClient(knex);
    });

    it('migrates down and up again, leaving the HUD tables alone', async () => {
      await knex.migrate.down({
        directory: MIGRATIONS_DIRECTORY,
        name: MIGRATION,
      });
      expect(await knex.schema.hasTable(TABLE_HUD_ALERTS)).toBe(false);
      expect(await knex.schema.hasTable('maestro_hud_runs')).toBe(true);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      expect(await knex.schema.hasTable(TABLE_HUD_ALERTS)).toBe(true);
    });

    it('keeps one open breach per rule and entity, and a new one after it resolved', async () => {
      expect(await store.openBreach(breach('b1'))).toEqual({ created: true });
      expect(await store.openBreach(breach('b2'))).toEqual({ created: false });
      expect(
        await store.openBreach(breach('b3', { ruleId: 'other-rule' })),
      ).toEqual({ created: true });

      const resolution = { resolvedAt: '2026-12-10T13:00:00.000Z', value: 0 };
      expect(await store.resolveBreach('b1', resolution)).toBe(true);
      expect(await store.resolveBreach('b1', resolution)).toBe(false);
      expect(
        await store.openBreach(
          breach('b4', { openedAt: '2026-12-10T14:00:00.000Z' }),
        ),
      ).toEqual({ created: true });

      await store.markNotified('b4', '2026-12-10T14:00:01.000Z');
      expect(
        (await store.listBreaches({ entityRef: ENTITY, limit: 10 })).map(b => [
          b.id,
          b.status,
          b.notifiedAt,
        ]),
      ).toEqual([
        ['b4', 'open', '2026-12-10T14:00:01.000Z'],
        ['b3', 'open', undefined],
        ['b1', 'resolved', undefined],
      ]);
      expect((await store.listOpenBreaches({})).map(b => b.id).sort()).toEqual([
        'b3',
        'b4',
      ]);
    });

    it('deletes resolved breaches before a cutoff, never open ones', async () => {
      await knex(TABLE_HUD_ALERTS).delete();
      await store.openBreach(breach('old-open', { ruleId: 'r1' }));
      await store.openBreach(breach('old-resolved', { ruleId: 'r2' }));
      await store.openBreach(breach('new-resolved', { ruleId: 'r3' }));
      await store.resolveBreach('old-resolved', {
        resolvedAt: '2026-09-01T00:00:00.000Z',
      });
      await store.resolveBreach('new-resolved', {
        resolvedAt: '2026-12-01T00:00:00.000Z',
      });
      expect(
        await store.deleteResolvedBefore('2026-10-01T00:00:00.000Z', 10),
      ).toBe(1);
      expect(
        (await knex(TABLE_HUD_ALERTS).select('id').orderBy('id')).map(
          r => r.id,
        ),
      ).toEqual(['new-resolved', 'old-open']);
    });
  },
);
