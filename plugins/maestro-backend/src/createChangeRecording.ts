import {
  AuditorService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import { Knex } from 'knex';
import { createIdempotency } from './idempotency/createIdempotency';
import { IdempotencyService } from './idempotency/IdempotencyService';
import { DatabaseLedgerStore } from './ledger/DatabaseLedgerStore';
import { LedgerService } from './ledger/LedgerService';
import { RecordedMutations } from './ledger/recordedMutation';
import { EntitySignalPublisher } from './signals/EntitySignalPublisher';

/** What every capability records its changes with, built once in the plugin's init. */
export type ChangeRecording = {
  signals: EntitySignalPublisher;
  ledger: LedgerService;
  idempotency: IdempotencyService;
  /** The one mutation path: transaction, ledger entry, signals after commit. */
  mutations: RecordedMutations;
};

/**
 * The ledger on `db`, the entity signals, the idempotency keys (and their
 * hourly prune task) and the mutation path that ties them together.
 */
export async function createChangeRecording(options: {
  db: Knex;
  auditor: AuditorService;
  signals: SignalsService;
  scheduler: SchedulerService;
  logger: LoggerService;
}): Promise<ChangeRecording> {
  const { db, auditor, scheduler, logger } = options;
  const signals = new EntitySignalPublisher(options.signals, logger);
  const ledger = new LedgerService({
    store: DatabaseLedgerStore.fromClient(db),
    transaction: fn => db.transaction(fn),
    auditor,
    signals,
    logger,
  });
  const idempotency = await createIdempotency({ db, scheduler, logger });
  const mutations = new RecordedMutations({ ledger, idempotency, signals });
  return { signals, ledger, idempotency, mutations };
}
