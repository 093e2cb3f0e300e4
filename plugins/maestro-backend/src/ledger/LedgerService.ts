import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { Knex } from 'knex';
import {
  MAESTRO_SIGNAL_TOPICS,
  LedgerEntry,
  LedgerPage,
  LedgerVerification,
  normalizeEntityRef,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  canonicalJson,
  LedgerChainVerifier,
} from '@maestro-conductor/backstage-plugin-maestro-node';
import { EntitySignalPublisher } from '../signals/EntitySignalPublisher';
import {
  LedgerActivity,
  LedgerAppendInput,
  LedgerListOptions,
  LedgerStore,
} from './LedgerStore';

/** Runs work in one database transaction. */
export type Transactor = <T>(
  fn: (tx: Knex.Transaction) => Promise<T>,
) => Promise<T>;

const ACTION_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
const VERIFY_BATCH = 1000;
const EXPORT_BATCH = 500;

/**
 * The audit ledger as the rest of the plugin uses it. Every mutation of every
 * capability calls `record` inside its own transaction; once that transaction
 * commits, the entry is forwarded to Backstage's auditor and announced on the
 * target entity's signals channel. A rolled-back transaction forwards nothing.
 */
export class LedgerService {
  constructor(
    private readonly options: {
      store: LedgerStore;
      transaction: Transactor;
      auditor: AuditorService;
      signals: EntitySignalPublisher;
      logger: LoggerService;
    },
  ) {}

  /** Opens a transaction; mutations record their ledger entry inside it. */
  transaction<T>(fn: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.options.transaction(fn);
  }

  /**
   * Records an entry in the caller's transaction. Entity-ref targets are
   * normalized (`Component:default/X` becomes `component:default/x`) so one
   * entity has one history.
   */
  async record(
    tx: Knex.Transaction,
    input: LedgerAppendInput,
  ): Promise<LedgerEntry> {
    const normalized = normalizeInput(input);
    const entry = await this.options.store.append(tx, normalized);
    tx.executionPromise.then(
      () => this.afterCommit(entry),
      () => undefined, // rolled back: the entry never existed
    );
    return entry;
  }

  /** Records a single entry in a transaction of its own. */
  async recordNow(input: LedgerAppendInput): Promise<LedgerEntry> {
    return this.transaction(tx => this.record(tx, input));
  }

  list(options: LedgerListOptions): Promise<LedgerPage> {
    return this.options.store.list({
      ...options,
      target: options.target ? normalizeTarget(options.target) : undefined,
    });
  }

  activityByTarget(targets: string[]): Promise<Map<string, LedgerActivity>> {
    return this.options.store.activityByTarget(targets);
  }

  /**
   * Recomputes the chain up to the head as it was when verification started;
   * entries appended meanwhile are left for the next run.
   */
  async verify(): Promise<LedgerVerification> {
    const head = await this.options.store.head();
    const verifier = new LedgerChainVerifier();
    let after = 0;
    while (after < head.sequence) {
      const batch = await this.options.store.readRange(
        after,
        Math.min(VERIFY_BATCH, head.sequence - after),
      );
      if (batch.length === 0) {
        break;
      }
      for (const entry of batch) {
        const broken = verifier.push(entry);
        if (broken) {
          return this.verificationFailed(head, verifier.checked, broken);
        }
      }
      after = batch[batch.length - 1].sequence;
    }
    const broken =
      verifier.finish(head) ?? (await this.entriesBeyondHead(head.sequence));
    if (broken) {
      return this.verificationFailed(head, verifier.checked, broken);
    }
    return {
      ok: true,
      checked: verifier.checked,
      headSequence: head.sequence,
      headHash: head.hash,
    };
  }

  // Rows written around the store (with sequences past the head) are not part
  // of the chain; a ledger that holds them has been tampered with.
  private async entriesBeyondHead(headSequence: number) {
    const [extra] = await this.options.store.readRange(headSequence, 1);
    if (!extra) {
      return undefined;
    }
    return {
      sequence: extra.sequence,
      reason: 'head-mismatch' as const,
      detail: `entry ${extra.sequence} exists beyond the ledger head (entry ${headSequence})`,
    };
  }

  /** Every entry, oldest first, read in batches. */
  async *export(): AsyncGenerator<LedgerEntry> {
    let after = 0;
    for (;;) {
      const batch = await this.options.store.readRange(after, EXPORT_BATCH);
      if (batch.length === 0) {
        return;
      }
      yield* batch;
      after = batch[batch.length - 1].sequence;
    }
  }

  private verificationFailed(
    head: { sequence: number; hash: string },
    checked: number,
    firstBroken: NonNullable<LedgerVerification['firstBroken']>,
  ): LedgerVerification {
    this.options.logger.error(
      `Maestro ledger verification failed at entry ${firstBroken.sequence}: ${firstBroken.detail}`,
    );
    return {
      ok: false,
      checked,
      headSequence: head.sequence,
      headHash: head.hash,
      firstBroken,
    };
  }

  private async afterCommit(entry: LedgerEntry): Promise<void> {
    try {
      const event = await this.options.auditor.createEvent({
        eventId: 'ledger-entry',
        severityLevel: 'medium',
        meta: {
          sequence: entry.sequence,
          actor: entry.actor,
          action: entry.action,
          target: entry.target,
          hash: entry.hash,
        },
      });
      await event.success();
    } catch (error) {
      this.options.logger.warn(
        `Could not forward ledger entry ${entry.sequence} to the auditor: ${error}`,
      );
    }
    if (isEntityRef(entry.target)) {
      await this.options.signals.publish(
        entry.target,
        MAESTRO_SIGNAL_TOPICS.ledger,
        {
          sequence: entry.sequence,
        },
      );
    }
  }
}

function normalizeInput(input: LedgerAppendInput): LedgerAppendInput {
  if (!ACTION_PATTERN.test(input.action)) {
    throw new InputError(
      `Invalid ledger action '${input.action}': use dotted lower-case words such as 'release.promote'`,
    );
  }
  if (!input.actor || input.actor.length > 512) {
    throw new InputError(
      'A ledger entry needs an actor of at most 512 characters',
    );
  }
  const target = normalizeTarget(input.target);
  if (
    input.payload === null ||
    typeof input.payload !== 'object' ||
    Array.isArray(input.payload)
  ) {
    throw new InputError('A ledger payload must be a JSON object');
  }
  try {
    canonicalJson(input.payload);
  } catch (error) {
    throw new InputError(`Invalid ledger payload: ${(error as Error).message}`);
  }
  return { ...input, target };
}

/**
 * Entity refs (`kind:name` or `kind:namespace/name`) become full, lower-cased
 * refs, so one entity has one history. Targets of kind `maestro` name
 * Maestro's own things (`maestro:ledger`) and are kept as given.
 */
function normalizeTarget(target: string): string {
  const trimmed = target.trim();
  if (!trimmed || trimmed.length > 512) {
    throw new InputError('A ledger target must have 1 to 512 characters');
  }
  if (isEntityRef(trimmed)) {
    return normalizeEntityRef(trimmed);
  }
  return trimmed;
}

function isEntityRef(target: string): boolean {
  const match =
    /^([a-z0-9][a-z0-9-]*):(?:[a-z0-9][a-z0-9-._]*\/)?[a-z0-9][a-z0-9-._]*$/i.exec(
      target,
    );
  return Boolean(match) && match![1].toLocaleLowerCase('en-US') !== 'maestro';
}
