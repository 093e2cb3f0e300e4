import { mockServices } from '@backstage/backend-test-utils';
import { SignalsService } from '@backstage/plugin-signals-node';
import { Knex } from 'knex';
import { DatabaseIdempotencyStore } from '../idempotency/DatabaseIdempotencyStore';
import { IdempotencyService } from '../idempotency/IdempotencyService';
import { DatabaseLedgerStore } from '../ledger/DatabaseLedgerStore';
import { LedgerService } from '../ledger/LedgerService';
import { RecordedMutations } from '../ledger/recordedMutation';
import { EntitySignalPublisher } from '../signals/EntitySignalPublisher';

/**
 * The ledger and mutation path as the plugin wires them, on a test
 * database, for service tests that run without a backend. Signals go to
 * `publish` (a jest mock by default).
 */
export function createTestMutations(
  knex: Knex,
  options: {
    publish?: SignalsService['publish'];
    now?: () => Date;
  } = {},
) {
  const signals = new EntitySignalPublisher(
    { publish: options.publish ?? jest.fn(async () => {}) },
    mockServices.logger.mock(),
  );
  const ledger = new LedgerService({
    store: DatabaseLedgerStore.fromClient(knex),
    transaction: fn => knex.transaction(fn),
    auditor: mockServices.auditor.mock(),
    signals,
    logger: mockServices.logger.mock(),
  });
  const idempotency = new IdempotencyService({
    store: DatabaseIdempotencyStore.fromClient(knex),
    now: options.now,
  });
  const mutations = new RecordedMutations({ ledger, idempotency, signals });
  return { ledger, signals, idempotency, mutations };
}
