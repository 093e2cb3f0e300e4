/*
 * The one path every Maestro change takes: open a transaction, apply the
 * change, record its ledger entry in that transaction, commit, then tell the
 * entity's viewers. Under an Idempotency-Key, a repeated request replays the
 * first answer and changes, records and announces nothing.
 *
 *   const { result, replayed } = await mutations.run(
 *     { idempotency: { key, operation: 'policy.bypass', body: request } },
 *     async change => {
 *       await store.insertBypass(change.tx, bypass);
 *       await change.record({ actor, action: 'policy.bypass', target, payload });
 *       change.signal(target, MAESTRO_SIGNAL_TOPICS.policy);
 *       return bypass;
 *     },
 *   );
 *
 * Signals are published only after the commit (a client that refetches on
 * the notice must find the change), once per entity and topic, and never
 * after a rollback or a replay.
 */
import {
  LedgerEntry,
  MaestroSignalTopic,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { Knex } from 'knex';
import {
  IdempotencyKey,
  IdempotencyService,
} from '../idempotency/IdempotencyService';
import { EntitySignalPublisher } from '../signals/EntitySignalPublisher';
import { LedgerService } from './LedgerService';
import { LedgerAppendInput } from './LedgerStore';

/** What `apply` works with. */
export type Change = {
  /** Every query of the change must use it. */
  tx: Knex.Transaction;
  /** Records a ledger entry in the change's transaction. */
  record(input: LedgerAppendInput): Promise<LedgerEntry>;
  /** Announces the entity on `topic` once the change has committed. */
  signal(entityRef: string, topic: MaestroSignalTopic): void;
};

export type MutationOptions = {
  /** Replays the first answer for a repeated key; the answer must be JSON. */
  idempotency?: {
    key: IdempotencyKey | undefined;
    operation: string;
    body: unknown;
  };
};

export class RecordedMutations {
  constructor(
    private readonly options: {
      ledger: LedgerService;
      idempotency: IdempotencyService;
      signals: EntitySignalPublisher;
    },
  ) {}

  async run<T>(
    options: MutationOptions,
    apply: (change: Change) => Promise<T>,
  ): Promise<{ result: T; replayed: boolean }> {
    const { ledger, idempotency } = this.options;
    const signals = new Map<string, [string, MaestroSignalTopic]>();
    const outcome = await ledger.transaction(tx => {
      const change: Change = {
        tx,
        record: input => ledger.record(tx, input),
        signal: (entityRef, topic) => {
          signals.set(`${topic} ${entityRef}`, [entityRef, topic]);
        },
      };
      return options.idempotency
        ? idempotency.once(
            tx,
            options.idempotency.key,
            options.idempotency,
            () => apply(change),
          )
        : apply(change).then(result => ({ result, replayed: false }));
    });
    if (!outcome.replayed) {
      for (const [entityRef, topic] of signals.values()) {
        await this.options.signals.publish(entityRef, topic);
      }
    }
    return outcome;
  }
}
