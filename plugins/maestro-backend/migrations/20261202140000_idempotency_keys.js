// @ts-check

/**
 * Idempotency keys: the first answer to a create that carried an
 * `Idempotency-Key` header, so a retry with the same key and body is answered
 * the same without acting twice, and a reuse with another body is refused.
 *
 * `id` is the sha256 hex of the caller and the key (keys are scoped by
 * caller); `request_hash` the sha256 hex of the operation and the parsed
 * body. Rows are written in the transaction of the create they answer and
 * pruned once `expires_at` has passed.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maestro_idempotency_keys', table => {
    table.comment('First answers to creates sent with an Idempotency-Key');
    table.string('id', 64).primary().comment('sha256 hex of [caller, key]');
    table.string('caller', 512).notNullable();
    table.string('idempotency_key', 255).notNullable();
    table
      .string('operation', 64)
      .notNullable()
      .comment('e.g. policy.exemption.create');
    table
      .string('request_hash', 64)
      .notNullable()
      .comment('sha256 hex of the operation and the parsed request body');
    table.text('response').notNullable().comment('The first answer, as JSON');
    table.string('created_at', 32).notNullable();
    table.string('expires_at', 32).notNullable();
    table.index(['expires_at'], 'maestro_idempotency_keys_expires_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maestro_idempotency_keys');
};
