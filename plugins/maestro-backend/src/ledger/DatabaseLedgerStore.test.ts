import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { LedgerChainVerifier } from '@maestro-conductor/backstage-plugin-maestro-node';
import { MIGRATIONS_DIRECTORY } from '../database/migrateDatabase';
import { TABLE_LEDGER_ENTRIES } from '../database/tables';
import { DatabaseLedgerStore } from './DatabaseLedgerStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

async function migratedStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
  return { knex, store: DatabaseLedgerStore.fromClient(knex) };
}

const entry = (n: number, target = 'component:default/payments-api') => ({
  actor: 'user:default/ada-lovelace',
  action: 'release.promote',
  target,
  payload: { channel: 'prod', n, nested: { z: [1, 2], a: null } },
});

describe.each(databases.eachSupportedId())(
  'DatabaseLedgerStore on %s',
  databaseId => {
    let knex: Knex;
    let store: DatabaseLedgerStore;

    beforeAll(async () => {
      ({ knex, store } = await migratedStore(databaseId));
    });

    it('appends entries with consecutive sequences that form a valid chain', async () => {
      const ledgerStore = store;
      for (let n = 1; n <= 5; n++) {
        await knex.transaction(tx => ledgerStore.append(tx, entry(n)));
      }
      const page = await store.list({ limit: 10, order: 'asc' });
      expect(page.entries.map(e => e.sequence)).toEqual([1, 2, 3, 4, 5]);
      expect(page.entries[2].payload).toEqual({
        channel: 'prod',
        n: 3,
        nested: { z: [1, 2], a: null },
      });
      expect(page.headSequence).toBe(5);

      const verifier = new LedgerChainVerifier();
      for (const e of await store.readRange(0, 100)) {
        expect(verifier.push(e)).toBeUndefined();
      }
      expect(verifier.finish(await store.head())).toBeUndefined();
    });

    it('pages forwards and backwards and filters by target', async () => {
      await knex.transaction(tx =>
        store.append(tx, entry(6, 'component:default/checkout-web')),
      );
      const first = await store.list({ limit: 2, order: 'asc' });
      expect(first.entries.map(e => e.sequence)).toEqual([1, 2]);
      expect(first.nextAfter).toBe(2);
      const second = await store.list({
        limit: 2,
        order: 'asc',
        after: first.nextAfter,
      });
      expect(second.entries.map(e => e.sequence)).toEqual([3, 4]);
      const newest = await store.list({ limit: 2, order: 'desc' });
      expect(newest.entries.map(e => e.sequence)).toEqual([6, 5]);
      const older = await store.list({ limit: 10, order: 'desc', after: 5 });
      expect(older.entries.map(e => e.sequence)).toEqual([4, 3, 2, 1]);
      expect(older.nextAfter).toBeUndefined();
      const web = await store.list({
        limit: 10,
        order: 'asc',
        target: 'component:default/checkout-web',
      });
      expect(web.entries.map(e => e.sequence)).toEqual([6]);
    });

    it('counts activity per target', async () => {
      const activity = await store.activityByTarget([
        'component:default/payments-api',
        'component:default/checkout-web',
        'component:default/unknown',
      ]);
      expect(activity.get('component:default/payments-api')?.entries).toBe(5);
      expect(activity.get('component:default/checkout-web')?.entries).toBe(1);
      expect(activity.get('component:default/unknown')).toBeUndefined();
    });

    it('leaves nothing behind when the surrounding transaction rolls back', async () => {
      const before = await store.head();
      await expect(
        knex.transaction(async tx => {
          await store.append(tx, entry(99));
          throw new Error('the change itself failed');
        }),
      ).rejects.toThrow('the change itself failed');
      expect(await store.head()).toEqual(before);
      expect(await store.readRange(before.sequence, 10)).toEqual([]);
    });

    it('keeps the chain intact under concurrent appends', async () => {
      const before = await store.head();
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          knex.transaction(tx => store.append(tx, entry(100 + i))),
        ),
      );
      const head = await store.head();
      expect(head.sequence).toBe(before.sequence + 20);
      const verifier = new LedgerChainVerifier();
      for (const e of await store.readRange(0, 1000)) {
        expect(verifier.push(e)).toBeUndefined();
      }
      expect(verifier.finish(head)).toBeUndefined();
    });

    it('refuses to update or delete stored entries', async () => {
      const fresh = await migratedStore(databaseId);
      await fresh.knex.transaction(tx => fresh.store.append(tx, entry(1)));
      const update = fresh
        .knex(TABLE_LEDGER_ENTRIES)
        .where({ sequence: 1 })
        .update({ actor: 'user:default/mallory' });
      await expect(update).rejects.toMatchObject({
        message: expect.stringMatching(/append-only/),
      });
      const remove = fresh
        .knex(TABLE_LEDGER_ENTRIES)
        .where({ sequence: 1 })
        .delete();
      await expect(remove).rejects.toMatchObject({
        message: expect.stringMatching(/append-only/),
      });
      // PostgreSQL's TRUNCATE skips row triggers; SQLite has no TRUNCATE and
      // runs row triggers for a DELETE without WHERE.
      const wipe = databaseId.startsWith('POSTGRES')
        ? `TRUNCATE ${TABLE_LEDGER_ENTRIES}`
        : `DELETE FROM ${TABLE_LEDGER_ENTRIES}`;
      await expect(fresh.knex.raw(wipe)).rejects.toMatchObject({
        message: expect.stringMatching(/append-only/),
      });
      const [row] = await fresh
        .knex(TABLE_LEDGER_ENTRIES)
        .where({ sequence: 1 });
      expect(row.actor).toBe('user:default/ada-lovelace');
    });
  },
);

describe.each(databases.eachSupportedId())(
  'ledger migration on %s',
  databaseId => {
    it('migrates up and down again', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      expect(await knex.schema.hasTable(TABLE_LEDGER_ENTRIES)).toBe(true);
      await knex.migrate.rollback({ directory: MIGRATIONS_DIRECTORY }, true);
      expect(await knex.schema.hasTable(TABLE_LEDGER_ENTRIES)).toBe(false);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      expect(await knex.schema.hasTable(TABLE_LEDGER_ENTRIES)).toBe(true);
    });
  },
);
