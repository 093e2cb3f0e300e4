import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { MIGRATIONS_DIRECTORY } from '../database/migrateDatabase';
import { TABLE_IDEMPOTENCY_KEYS } from '../database/tables';
import { DatabaseIdempotencyStore } from './DatabaseIdempotencyStore';
import { IdempotencyService } from './IdempotencyService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const ADA = { caller: 'user:default/ada-lovelace', key: 'k-1' };
const CREATE = { operation: 'thing.create', body: { name: 'a', size: 1 } };

describe.each(databases.eachSupportedId())(
  'IdempotencyService on %s',
  databaseId => {
    let knex: Knex;
    let clock: Date;
    let service: IdempotencyService;
    let runs: number;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      clock = new Date('2026-12-02T12:00:00.000Z');
      runs = 0;
      service = new IdempotencyService({
        store: DatabaseIdempotencyStore.fromClient(knex),
        now: () => clock,
      });
    });

    const once = (
      key = ADA,
      request: { operation: string; body: unknown } = CREATE,
    ) =>
      knex.transaction(tx =>
        service.once(tx, key, request, async () => {
          runs += 1;
          return { id: `thing-${runs}`, created: true };
        }),
      );

    it('runs the first request and replays its answer for the same key and body', async () => {
      expect(await once()).toEqual({
        result: { id: 'thing-1', created: true },
        replayed: false,
      });
      // Key order of the body does not matter: it is compared canonically.
      const again = await once(ADA, {
        operation: 'thing.create',
        body: { size: 1, name: 'a' },
      });
      expect(again).toEqual({
        result: { id: 'thing-1', created: true },
        replayed: true,
      });
      expect(runs).toBe(1);
    });

    it('refuses the key with another body or operation with a ConflictError naming it', async () => {
      await once();
      for (const request of [
        { operation: 'thing.create', body: { name: 'b', size: 1 } },
        { operation: 'other.create', body: CREATE.body },
      ]) {
        await expect(once(ADA, request)).rejects.toMatchObject({
          name: 'ConflictError',
          message: expect.stringMatching(
            /^Idempotency-Key 'k-1' was already used for a different request \(thing.create at 2026-12-02T12:00:00.000Z\)/,
          ),
        });
      }
      expect(runs).toBe(1);
    });

    it('scopes keys by caller', async () => {
      await once();
      const other = await once(
        { caller: 'service:ci', key: 'k-1' },
        { operation: 'thing.create', body: { name: 'other' } },
      );
      expect(other.replayed).toBe(false);
      expect(runs).toBe(2);
    });

    it('runs without a key every time', async () => {
      const run = () =>
        knex.transaction(tx =>
          service.once(tx, undefined, CREATE, async () => (runs += 1)),
        );
      await run();
      await run();
      expect(runs).toBe(2);
      expect(await knex(TABLE_IDEMPOTENCY_KEYS)).toEqual([]);
    });

    it('stores nothing for a request that fails, so a retry runs afresh', async () => {
      await expect(
        knex.transaction(tx =>
          service.once(tx, ADA, CREATE, async () => {
            throw new Error('refused');
          }),
        ),
      ).rejects.toThrow('refused');
      expect((await once()).replayed).toBe(false);
    });

    it('forgets a key after 24 hours and prunes lapsed answers', async () => {
      await once();
      clock = new Date('2026-12-03T11:59:59.999Z');
      expect((await once()).replayed).toBe(true);
      clock = new Date('2026-12-03T12:00:00.000Z');
      // Lapsed: the key may be used again, even for another body.
      const fresh = await once(ADA, {
        operation: 'thing.create',
        body: { name: 'new' },
      });
      expect(fresh).toEqual({
        result: { id: 'thing-2', created: true },
        replayed: false,
      });
      await once({ ...ADA, key: 'k-2' });
      clock = new Date('2026-12-04T12:00:00.000Z');
      expect(await service.prune()).toBe(2);
      expect(await knex(TABLE_IDEMPOTENCY_KEYS)).toEqual([]);
    });

    it('answers 20 concurrent requests with one key by running once', async () => {
      const slowly = () =>
        knex.transaction(tx =>
          service.once(tx, ADA, CREATE, async () => {
            runs += 1;
            // Long enough for every other transaction to look for the key.
            await new Promise(resolve => setTimeout(resolve, 200));
            return { id: `thing-${runs}`, created: true };
          }),
        );
      const results = await Promise.all(Array.from({ length: 20 }, slowly));
      expect(runs).toBe(1);
      expect(new Set(results.map(r => r.result.id))).toEqual(
        new Set(['thing-1']),
      );
      expect(results.filter(r => !r.replayed)).toHaveLength(1);
    });

    it('migrates down and up again', async () => {
      await knex.migrate.down({
        directory: MIGRATIONS_DIRECTORY,
        name: '20261202140000_idempotency_keys.js',
      });
      expect(await knex.schema.hasTable(TABLE_IDEMPOTENCY_KEYS)).toBe(false);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      expect(await knex.schema.hasTable(TABLE_IDEMPOTENCY_KEYS)).toBe(true);
    });
  },
);
