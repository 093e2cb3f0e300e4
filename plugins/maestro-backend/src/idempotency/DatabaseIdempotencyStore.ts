import { Knex } from 'knex';
import {
  DbIdempotencyKeyRow,
  TABLE_IDEMPOTENCY_KEYS,
} from '../database/tables';

/** A create's first answer, kept under its caller's idempotency key. */
export type StoredIdempotentAnswer = {
  /** sha256 hex of the caller and the key. */
  id: string;
  caller: string;
  key: string;
  operation: string;
  requestHash: string;
  /** The answer, as JSON. */
  response: string;
  createdAt: string;
  expiresAt: string;
};

/** Persistence of idempotency keys (knex only). */
export class DatabaseIdempotencyStore {
  static fromClient(db: Knex): DatabaseIdempotencyStore {
    return new DatabaseIdempotencyStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async get(
    tx: Knex.Transaction,
    id: string,
  ): Promise<StoredIdempotentAnswer | undefined> {
    const row = await tx<DbIdempotencyKeyRow>(TABLE_IDEMPOTENCY_KEYS)
      .where({ id })
      .first();
    return row && fromRow(row);
  }

  /** Writes the answer, replacing a lapsed one under the same id. */
  async put(
    tx: Knex.Transaction,
    answer: StoredIdempotentAnswer,
  ): Promise<void> {
    await tx<DbIdempotencyKeyRow>(TABLE_IDEMPOTENCY_KEYS)
      .insert(toRow(answer))
      .onConflict('id')
      .merge();
  }

  /** Deletes answers whose time ran out before `now`; returns how many. */
  async deleteExpired(now: string): Promise<number> {
    return this.db<DbIdempotencyKeyRow>(TABLE_IDEMPOTENCY_KEYS)
      .where('expires_at', '<=', now)
      .delete();
  }
}

function toRow(answer: StoredIdempotentAnswer): DbIdempotencyKeyRow {
  return {
    id: answer.id,
    caller: answer.caller,
    idempotency_key: answer.key,
    operation: answer.operation,
    request_hash: answer.requestHash,
    response: answer.response,
    created_at: answer.createdAt,
    expires_at: answer.expiresAt,
  };
}

function fromRow(row: DbIdempotencyKeyRow): StoredIdempotentAnswer {
  return {
    id: row.id,
    caller: row.caller,
    key: row.idempotency_key,
    operation: row.operation,
    requestHash: row.request_hash,
    response: row.response,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}
