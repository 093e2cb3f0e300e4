/*
 * Idempotency keys for creates (policy and vulnerability exemptions, the
 * emergency bypass), after the IETF Idempotency-Key header draft
 * (draft-ietf-httpapi-idempotency-key-header).
 *
 * A caller that may retry sends a fresh key with each new request. The first
 * request with a key runs; its answer is stored in the same transaction as
 * the change it made, so either both are committed or neither is. Later
 * requests with that key from the same caller, within the retention time:
 *
 * - with the same operation and body: get the stored answer, and nothing
 *   runs again (no second row, ledger entry, signal or notification);
 * - with anything else: ConflictError (409) naming the key.
 *
 * Concurrent requests with one key are serialized by a transaction lock on
 * the key (lockForTransaction), so the second waits for the first to commit
 * and then replays its answer. A request that fails stores nothing; retrying
 * it runs it afresh. Keys are scoped by caller: two callers never see each
 * other's answers. Stored answers are kept IDEMPOTENCY_RETENTION_HOURS and
 * then pruned by the scheduled task `maestro-idempotency-prune`.
 */
import { ConflictError } from '@backstage/errors';
import { canonicalJson } from '@maestro-conductor/backstage-plugin-maestro-node';
import { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { lockForTransaction } from '../database/transactionLock';
import { DatabaseIdempotencyStore } from './DatabaseIdempotencyStore';

/** How long a stored answer is replayed. */
export const IDEMPOTENCY_RETENTION_HOURS = 24;

/** A caller's idempotency key, from the `Idempotency-Key` header. */
export type IdempotencyKey = {
  /** Who sent it, as the ledger names them (`user:…`, `service:…`). */
  caller: string;
  key: string;
};

/** What the key stands for: the operation and its parsed request body. */
export type IdempotentRequest = {
  /** e.g. `policy.exemption.create`. */
  operation: string;
  body: unknown;
};

const sha256 = (value: unknown) =>
  createHash('sha256').update(canonicalJson(value)).digest('hex');

export class IdempotencyService {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: DatabaseIdempotencyStore;
      retentionHours?: number;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Runs `run` inside `tx` unless `idempotency` names a key already answered;
   * then returns that answer instead (`replayed: true`). `run` must use `tx`
   * for every query, and its result must be JSON.
   */
  async once<T>(
    tx: Knex.Transaction,
    idempotency: IdempotencyKey | undefined,
    request: IdempotentRequest,
    run: () => Promise<T>,
  ): Promise<{ result: T; replayed: boolean }> {
    if (!idempotency) {
      return { result: await run(), replayed: false };
    }
    const { caller, key } = idempotency;
    const id = sha256([caller, key]);
    const requestHash = sha256([request.operation, request.body]);
    await lockForTransaction(tx, `idempotency:${id}`);

    const now = this.now();
    const stored = await this.options.store.get(tx, id);
    if (stored && stored.expiresAt > now.toISOString()) {
      if (stored.requestHash !== requestHash) {
        throw new ConflictError(
          `Idempotency-Key '${key}' was already used for a different request (${stored.operation} at ${stored.createdAt}); send a new key with each new request`,
        );
      }
      return { result: JSON.parse(stored.response) as T, replayed: true };
    }

    const result = await run();
    const retentionMs =
      (this.options.retentionHours ?? IDEMPOTENCY_RETENTION_HOURS) * 3600_000;
    await this.options.store.put(tx, {
      id,
      caller,
      key,
      operation: request.operation,
      requestHash,
      response: JSON.stringify(result),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + retentionMs).toISOString(),
    });
    return { result, replayed: false };
  }

  /** Deletes answers past their retention; the scheduled task's body. */
  async prune(): Promise<number> {
    return this.options.store.deleteExpired(this.now().toISOString());
  }
}
