import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { MIGRATIONS_DIRECTORY } from '../database/migrateDatabase';
import {
  DatabaseHudUnroutedStore,
  UnroutedDeliveryRecord,
} from './DatabaseHudUnroutedStore';
import { hudEventKey } from './HudService';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const MIGRATION = '20261202130000_hud_routing_and_replays.js';

const A = 'component:default/ledger-copy';
const B = 'component:default/ledger-worker';

function parked(
  id: string,
  overrides: Partial<UnroutedDeliveryRecord> = {},
): UnroutedDeliveryRecord {
  return {
    id,
    eventKey: `key-${id}`,
    payloadDigest: `digest-${id}`,
    source: 'github',
    deliveryId: `delivery-${id}`,
    type: 'workflow_run.completed',
    annotation: 'github.com/project-slug',
    value: 'acme/ledger-worker',
    problem: 'ambiguous',
    claimants: [B, A],
    reason: `${A} and ${B} both claim github.com/project-slug: acme/ledger-worker`,
    receivedAt: '2026-12-02T10:00:00.000Z',
    payload: { id },
    ...overrides,
  };
}

const apiEventRow = (id: string, fields: Record<string, string>) => ({
  id,
  source: 'api',
  event_type: 'build-event.run',
  run_id: null,
  pull_request: null,
  occurred_at: '2026-12-01T10:00:00.000Z',
  received_at: `2026-12-01T10:00:0${id.slice(-1)}.000Z`,
  received_by: 'user:default/ci',
  payload: '{}',
  normalized: '{"occurredAt":"2026-12-01T10:00:00.000Z"}',
  ...fields,
});

const oldKey = (deliveryId: string) =>
  createHash('sha256')
    .update(JSON.stringify(['api', '', deliveryId]))
    .digest('hex');

describe.each(databases.eachSupportedId())(
  'DatabaseHudUnroutedStore on %s',
  databaseId => {
    let knex: Knex;
    let store: DatabaseHudUnroutedStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      store = DatabaseHudUnroutedStore.fromClient(knex);
    });

    it('parks a delivery once per key and once per payload, and groups them by claim', async () => {
      expect(await store.park(parked('u1'))).toEqual({ created: true });
      expect(await store.park(parked('u2', { eventKey: 'key-u1' }))).toEqual({
        created: false,
      });
      expect(
        await store.park(parked('u3', { payloadDigest: 'digest-u1' })),
      ).toEqual({ created: false });
      await store.park(
        parked('u4', { receivedAt: '2026-12-02T11:00:00.000Z' }),
      );
      await store.park(
        parked('u5', {
          value: 'acme/other',
          problem: 'untrusted',
          claimants: ['component:default/fork'],
          reason: 'untrusted',
          receivedAt: '2026-12-02T12:00:00.000Z',
        }),
      );

      const ledger = {
        annotation: 'github.com/project-slug',
        value: 'acme/ledger-worker',
        problem: 'ambiguous',
        claimants: [A, B],
        reason: parked('u1').reason,
        deliveries: 2,
        firstReceivedAt: '2026-12-02T10:00:00.000Z',
        lastReceivedAt: '2026-12-02T11:00:00.000Z',
      };
      expect(await store.list()).toEqual([
        expect.objectContaining({ value: 'acme/other', deliveries: 1 }),
        ledger,
      ]);
      expect(await store.list({ entityRef: A })).toEqual([ledger]);
      expect(await store.list({ entityRef: 'component:default/x' })).toEqual(
        [],
      );
    });

    it('migrates BuildEvent keys to their provider and entity scope, and back', async () => {
      const db = await databases.init(databaseId);
      await db.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      await db.migrate.down({
        directory: MIGRATIONS_DIRECTORY,
        name: MIGRATION,
      });
      expect(await db.schema.hasTable('maestro_hud_unrouted')).toBe(false);
      expect(await db.schema.hasTable('maestro_hud_payload_digests')).toBe(
        false,
      );
      await db('maestro_hud_events').insert([
        apiEventRow('e1', {
          event_key: oldKey('build-1'),
          origin: 'jenkins',
          delivery_id: 'build-1',
          entity_ref: 'component:default/a',
        }),
        apiEventRow('e2', {
          event_key: 'github-key',
          source: 'github',
          origin: 'github',
          delivery_id: 'gh-1',
          entity_ref: 'component:default/a',
        }),
      ]);

      await db.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      const key = async (id: string) =>
        (await db('maestro_hud_events').where({ id }).first()).event_key;
      expect(await key('e1')).toBe(
        hudEventKey({
          source: 'api',
          origin: 'jenkins',
          entityRef: 'component:default/a',
          deliveryId: 'build-1',
        }),
      );
      expect(await key('e2')).toBe('github-key');

      // Now the same eventId for another entity is another event; going
      // down keeps the first one's old key and leaves the other scoped.
      const scoped = hudEventKey({
        source: 'api',
        origin: 'jenkins',
        entityRef: 'component:default/b',
        deliveryId: 'build-1',
      });
      await db('maestro_hud_events').insert(
        apiEventRow('e3', {
          event_key: scoped,
          origin: 'jenkins',
          delivery_id: 'build-1',
          entity_ref: 'component:default/b',
        }),
      );
      await db.migrate.down({
        directory: MIGRATIONS_DIRECTORY,
        name: MIGRATION,
      });
      expect(await key('e1')).toBe(oldKey('build-1'));
      expect(await key('e3')).toBe(scoped);
      await db.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      expect(await db.schema.hasTable('maestro_hud_unrouted')).toBe(true);
    });
  },
);
