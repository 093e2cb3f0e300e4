/*
 * A throw-away PostgreSQL database for a benchmark run, on the server named by
 * MAESTRO_BENCH_POSTGRES, else BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING,
 * else the local one. Shared by bench/supply-chain and bench/events.
 */
import knexFactory, { Knex } from 'knex';

export const POSTGRES =
  process.env.MAESTRO_BENCH_POSTGRES ??
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
  'postgresql://postgres@127.0.0.1:5432';

/**
 * Creates `<prefix>_<pid>` and connects to it; `drop` removes it. Resolves to
 * a sentence saying why PostgreSQL is skipped when the server is unreachable.
 */
export async function temporaryPostgres(
  prefix: string,
): Promise<{ knex: Knex; drop: () => Promise<void> } | string> {
  const name = `${prefix}_${process.pid}`;
  const admin = knexFactory({
    client: 'pg',
    connection: POSTGRES,
    pool: { min: 0, max: 1 },
  });
  try {
    await admin.raw(`CREATE DATABASE ${name}`);
  } catch (error) {
    await admin.destroy();
    return `PostgreSQL skipped: cannot reach ${POSTGRES.replace(
      /:[^:@/]*@/,
      ':***@',
    )} (${
      (error as Error).message
    }); set MAESTRO_BENCH_POSTGRES to a connection string`;
  }
  const url = new URL(POSTGRES);
  url.pathname = `/${name}`;
  const knex = knexFactory({ client: 'pg', connection: url.toString() });
  return {
    knex,
    drop: async () => {
      await knex.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
      await admin.destroy();
    },
  };
}
