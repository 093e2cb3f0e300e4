import { createHash } from 'node:crypto';
import { Knex } from 'knex';

/**
 * Serializes transactions that work on the same `name` until the calling
 * transaction ends: check-then-insert inside it is then race-free.
 *
 * PostgreSQL: a transaction-scoped advisory lock on a 64-bit key derived
 * from the name, released by commit or rollback. SQLite needs nothing: its
 * knex pool has one connection, so transactions already run one at a time.
 * Take such locks before the ledger's head lock (which `ledger.record`
 * takes), always in that order, so two transactions never wait on each other.
 */
export async function lockForTransaction(
  tx: Knex.Transaction,
  name: string,
): Promise<void> {
  if (tx.client.config.client !== 'pg') {
    return;
  }
  const key = createHash('sha256')
    .update(`maestro:${name}`)
    .digest()
    .readBigInt64BE(0);
  await tx.raw('SELECT pg_advisory_xact_lock(?::bigint)', [key.toString()]);
}
