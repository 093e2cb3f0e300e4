import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { MIGRATIONS_DIRECTORY } from '../database/migrateDatabase';
import { TABLE_LEDGER_ENTRIES } from '../database/tables';
import { EntitySignalPublisher } from '../signals/EntitySignalPublisher';
import { DatabaseLedgerStore } from './DatabaseLedgerStore';
import { LedgerService } from './LedgerService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'LedgerService on %s',
  databaseId => {
    let knex: Knex;
    let ledger: LedgerService;
    const auditEvent = {
      success: jest.fn(async () => {}),
      fail: jest.fn(async () => {}),
    };
    const auditor = mockServices.auditor.mock({
      createEvent: jest.fn(async () => auditEvent),
    });
    const signals = { publish: jest.fn(async () => {}) };

    beforeEach(async () => {
      jest.clearAllMocks();
      knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      ledger = new LedgerService({
        store: DatabaseLedgerStore.fromClient(knex),
        transaction: fn => knex.transaction(fn),
        auditor,
        signals: new EntitySignalPublisher(signals, mockServices.logger.mock()),
        logger: mockServices.logger.mock(),
      });
    });

    const flush = () => new Promise(resolve => setTimeout(resolve, 20));

    it('forwards a committed entry to the auditor and the entity channel', async () => {
      const entry = await ledger.recordNow({
        actor: 'user:default/ada-lovelace',
        action: 'release.promote',
        target: 'Component:default/Payments-API',
        payload: { channel: 'prod' },
      });
      await flush();
      expect(entry.target).toBe('component:default/payments-api');
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'ledger-entry',
          meta: expect.objectContaining({ sequence: 1, hash: entry.hash }),
        }),
      );
      expect(auditEvent.success).toHaveBeenCalled();
      expect(signals.publish).toHaveBeenCalledWith({
        recipients: { type: 'broadcast' },
        channel: 'maestro:entity:component:default/payments-api',
        message: expect.objectContaining({ topic: 'ledger', sequence: 1 }),
      });
    });

    it('forwards nothing when the change it records rolls back', async () => {
      await expect(
        ledger.transaction(async tx => {
          await ledger.record(tx, {
            actor: 'user:default/ada-lovelace',
            action: 'release.promote',
            target: 'component:default/payments-api',
            payload: {},
          });
          throw new Error('promotion failed');
        }),
      ).rejects.toThrow('promotion failed');
      await flush();
      expect(auditor.createEvent).not.toHaveBeenCalled();
      expect(signals.publish).not.toHaveBeenCalled();
      expect((await ledger.verify()).headSequence).toBe(0);
    });

    it('records short entity refs under the full ref, one history per entity', async () => {
      const entry = await ledger.recordNow({
        actor: 'user:default/ada-lovelace',
        action: 'release.promote',
        target: 'Component:Payments-API',
        payload: {},
      });
      expect(entry.target).toBe('component:default/payments-api');
    });

    it('reports rows written beyond the head, around the store', async () => {
      const entry = await ledger.recordNow({
        actor: 'user:default/ada-lovelace',
        action: 'release.promote',
        target: 'component:default/payments-api',
        payload: {},
      });
      await knex(TABLE_LEDGER_ENTRIES).insert({
        sequence: 2,
        recorded_at: entry.recordedAt,
        actor: 'user:default/mallory',
        action: 'release.promote',
        target: entry.target,
        payload: '{}',
        previous_hash: entry.hash,
        hash: 'f'.repeat(64),
      });
      expect(await ledger.verify()).toMatchObject({
        ok: false,
        firstBroken: { sequence: 2, reason: 'head-mismatch' },
      });
    });

    it('does not publish signals for targets that are not entities', async () => {
      await ledger.recordNow({
        actor: 'service:github-actions',
        action: 'ledger.export',
        target: 'maestro:ledger',
        payload: {},
      });
      await flush();
      expect(auditor.createEvent).toHaveBeenCalled();
      expect(signals.publish).not.toHaveBeenCalled();
    });

    it.each([
      [{ action: 'Promote!' }, /Invalid ledger action/],
      [{ target: '' }, /target must have 1 to 512 characters/],
      [
        { payload: { amount: NaN } },
        /Invalid ledger payload: .*non-finite number at \$\.amount/,
      ],
      [{ payload: [1, 2] }, /payload must be a JSON object/],
    ])(
      'refuses a bad entry %j with an InputError and stores nothing',
      async (change, message) => {
        await expect(
          ledger.recordNow({
            actor: 'user:default/ada-lovelace',
            action: 'release.promote',
            target: 'component:default/payments-api',
            payload: {},
            ...(change as object),
          }),
        ).rejects.toMatchObject({
          name: 'InputError',
          message: expect.stringMatching(message),
        });
        expect((await ledger.verify()).headSequence).toBe(0);
      },
    );

    it('verifies a long chain in batches and reports the head', async () => {
      for (let n = 0; n < 30; n++) {
        await ledger.recordNow({
          actor: 'user:default/ada-lovelace',
          action: 'exemption.create',
          target: 'component:default/payments-api',
          payload: { n },
        });
      }
      const result = await ledger.verify();
      expect(result).toMatchObject({ ok: true, checked: 30, headSequence: 30 });
      const exported = [];
      for await (const entry of ledger.export()) {
        exported.push(entry.sequence);
      }
      expect(exported).toHaveLength(30);
    });
  },
);
