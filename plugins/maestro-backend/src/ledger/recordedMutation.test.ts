import { TestDatabases } from '@backstage/backend-test-utils';
import { MAESTRO_SIGNAL_TOPICS } from '@maestro-conductor/backstage-plugin-maestro-common';
import { Knex } from 'knex';
import { createTestMutations } from '../__testUtils__/testMutations';
import { MIGRATIONS_DIRECTORY } from '../database/migrateDatabase';
import { LedgerService } from './LedgerService';
import { RecordedMutations } from './recordedMutation';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const ENTITY = 'component:default/payments-api';
const OTHER = 'component:default/checkout-web';
const ADA = 'user:default/ada-lovelace';

describe.each(databases.eachSupportedId())(
  'RecordedMutations on %s',
  databaseId => {
    let knex: Knex;
    let ledger: LedgerService;
    let mutations: RecordedMutations;
    const publish = jest.fn(async () => {});

    /** Topics published per entity, ledger notices left out. */
    const published = () =>
      (
        publish.mock.calls as unknown as Array<
          [{ message: { topic: string; entityRef: string } }]
        >
      )
        .map(([signal]) => signal.message)
        .filter(m => m.topic !== MAESTRO_SIGNAL_TOPICS.ledger)
        .map(m => `${m.topic} ${m.entityRef}`);

    const settle = () => new Promise(resolve => setImmediate(resolve));

    beforeEach(async () => {
      publish.mockClear();
      knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      ({ ledger, mutations } = createTestMutations(knex, { publish }));
      await knex.schema.createTable('mutation_probe', table => {
        table.string('id').primary();
      });
    });

    const probe = (id: string) =>
      mutations.run({}, async ({ tx, record, signal }) => {
        await tx('mutation_probe').insert({ id });
        await record({
          actor: ADA,
          action: 'probe.insert',
          target: ENTITY,
          payload: { id },
        });
        signal(ENTITY, MAESTRO_SIGNAL_TOPICS.policy);
        signal(ENTITY, MAESTRO_SIGNAL_TOPICS.policy);
        signal(OTHER, MAESTRO_SIGNAL_TOPICS.supplyChain);
        return id;
      });

    it('commits the change with its entry and signals each entity and topic once, after the commit', async () => {
      const { result, replayed } = await probe('p1');
      expect({ result, replayed }).toEqual({ result: 'p1', replayed: false });
      expect(await knex('mutation_probe').pluck('id')).toEqual(['p1']);
      const page = await ledger.list({
        target: ENTITY,
        limit: 10,
        order: 'asc',
      });
      expect(page.entries.map(e => e.action)).toEqual(['probe.insert']);
      expect(published()).toEqual([
        `policy ${ENTITY}`,
        `supply-chain ${OTHER}`,
      ]);
    });

    it('rolls back the change and its entry together and signals nothing when apply fails', async () => {
      await expect(
        mutations.run({}, async ({ tx, record, signal }) => {
          await tx('mutation_probe').insert({ id: 'p2' });
          await record({
            actor: ADA,
            action: 'probe.insert',
            target: ENTITY,
            payload: { id: 'p2' },
          });
          signal(ENTITY, MAESTRO_SIGNAL_TOPICS.policy);
          throw new Error('the change fails after its entry');
        }),
      ).rejects.toThrow('the change fails after its entry');
      await settle();
      expect(await knex('mutation_probe').pluck('id')).toEqual([]);
      expect((await ledger.list({ limit: 10, order: 'asc' })).entries).toEqual(
        [],
      );
      expect(publish).not.toHaveBeenCalled();
      expect((await ledger.verify()).ok).toBe(true);
    });

    it('replays a repeated idempotency key without applying, recording or signalling again', async () => {
      const key = { caller: ADA, key: 'k-1' };
      const run = () =>
        mutations.run(
          {
            idempotency: { key, operation: 'probe.insert', body: { id: 'p3' } },
          },
          async ({ tx, record, signal }) => {
            await tx('mutation_probe').insert({ id: 'p3' });
            await record({
              actor: ADA,
              action: 'probe.insert',
              target: ENTITY,
              payload: { id: 'p3' },
            });
            signal(ENTITY, MAESTRO_SIGNAL_TOPICS.policy);
            return { id: 'p3' };
          },
        );
      expect(await run()).toEqual({ result: { id: 'p3' }, replayed: false });
      publish.mockClear();
      expect(await run()).toEqual({ result: { id: 'p3' }, replayed: true });
      await settle();
      expect(await knex('mutation_probe').pluck('id')).toEqual(['p3']);
      expect(
        (await ledger.list({ limit: 10, order: 'asc' })).entries,
      ).toHaveLength(1);
      expect(publish).not.toHaveBeenCalled();
    });
  },
);
