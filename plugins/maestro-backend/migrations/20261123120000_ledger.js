// @ts-check

/**
 * The audit ledger: append-only entries chained by SHA-256, and a one-row head
 * that serializes appends (it is locked FOR UPDATE on PostgreSQL) and lets
 * verification notice entries removed from the end.
 *
 * Triggers refuse UPDATE and DELETE on entries, so the application cannot
 * rewrite history by accident; the hash chain catches whoever disables them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const client = knex.client.config.client;
  if (client !== 'pg' && client !== 'better-sqlite3' && client !== 'sqlite3') {
    throw new Error(
      `Maestro supports PostgreSQL and SQLite databases, not '${client}'`,
    );
  }
  await knex.schema.createTable('maestro_ledger_entries', table => {
    table.comment(
      'Append-only, hash-chained audit ledger of every Maestro change',
    );
    table
      .bigInteger('sequence')
      .notNullable()
      .primary()
      .comment('1, 2, 3… without gaps');
    table
      .string('recorded_at', 32)
      .notNullable()
      .comment('ISO 8601 UTC with milliseconds, as hashed');
    table.string('actor', 512).notNullable();
    table.string('action', 128).notNullable();
    table.string('target', 512).notNullable();
    table
      .text('payload')
      .notNullable()
      .comment('Canonical JSON (RFC 8785), as hashed');
    table.string('previous_hash', 64).notNullable();
    table.string('hash', 64).notNullable().unique();
    table.index(['target', 'sequence'], 'maestro_ledger_entries_target_idx');
  });

  await knex.schema.createTable('maestro_ledger_head', table => {
    table.comment('The newest ledger entry; a single row with id 1');
    table.integer('id').notNullable().primary();
    table.bigInteger('sequence').notNullable();
    table.string('hash', 64).notNullable();
  });
  await knex('maestro_ledger_head').insert({
    id: 1,
    sequence: 0,
    hash: '0'.repeat(64),
  });

  if (client === 'pg') {
    await knex.raw(`
      CREATE FUNCTION maestro_ledger_refuse_change() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'maestro_ledger_entries is append-only';
      END;
      $$ LANGUAGE plpgsql;
    `);
    await knex.raw(`
      CREATE TRIGGER maestro_ledger_entries_append_only
      BEFORE UPDATE OR DELETE ON maestro_ledger_entries
      FOR EACH ROW EXECUTE FUNCTION maestro_ledger_refuse_change();
    `);
    // TRUNCATE fires no row triggers; refuse it with a statement trigger.
    await knex.raw(`
      CREATE TRIGGER maestro_ledger_entries_no_truncate
      BEFORE TRUNCATE ON maestro_ledger_entries
      FOR EACH STATEMENT EXECUTE FUNCTION maestro_ledger_refuse_change();
    `);
  } else {
    for (const operation of ['UPDATE', 'DELETE']) {
      await knex.raw(`
        CREATE TRIGGER maestro_ledger_entries_no_${operation.toLowerCase()}
        BEFORE ${operation} ON maestro_ledger_entries
        BEGIN
          SELECT RAISE(ABORT, 'maestro_ledger_entries is append-only');
        END;
      `);
    }
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maestro_ledger_entries');
  await knex.schema.dropTable('maestro_ledger_head');
  if (knex.client.config.client === 'pg') {
    await knex.raw('DROP FUNCTION IF EXISTS maestro_ledger_refuse_change()');
  }
};
