// @ts-check

/**
 * Release channels.
 * - `maestro_release_revisions`: one row per promotion, rollback or
 *   reconciled commit of a channel, numbered per entity and channel; the
 *   unique (entity_ref, channel, revision) makes two writers of one channel
 *   collide instead of both recording revision N.
 * - `maestro_release_heads`: the current revision of each channel.
 * - `maestro_release_approvals`: who approved a digest for a channel; one
 *   approval per approver, digest and channel.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maestro_release_revisions', table => {
    table.string('id', 36).primary();
    table.string('entity_ref', 512).notNullable();
    table.string('channel', 63).notNullable();
    table.integer('revision').notNullable();
    table
      .string('kind', 16)
      .notNullable()
      .comment('promote, rollback, reconcile');
    table.integer('rollback_of').nullable();
    table.string('artifact_id', 36).notNullable();
    table.string('repository', 512).notNullable();
    table.string('digest', 71).notNullable();
    table.string('commit_sha', 64).notNullable();
    table.string('promotion_id', 36).notNullable().unique();
    table.string('actor', 512).notNullable();
    table.string('created_at', 32).notNullable();
    table.text('gates').notNullable().comment('JSON GateChecklist at the time');
    table.text('bypass').nullable().comment('JSON { reason, ticket }');
    table.unique(['entity_ref', 'channel', 'revision']);
    table.index(['entity_ref', 'channel', 'digest']);
  });
  // The current revision of each channel, written with the revision in one
  // transaction, so "what runs where" reads one row per channel instead of
  // grouping the whole history.
  await knex.schema.createTable('maestro_release_heads', table => {
    table.string('entity_ref', 512).notNullable();
    table.string('channel', 63).notNullable();
    table.integer('revision').notNullable();
    table.primary(['entity_ref', 'channel']);
  });
  await knex.schema.createTable('maestro_release_approvals', table => {
    table.string('id', 36).primary();
    table.string('entity_ref', 512).notNullable();
    table.string('channel', 63).notNullable();
    table.string('digest', 71).notNullable();
    table.string('approver', 512).notNullable();
    table.string('created_at', 32).notNullable();
    table.unique(['entity_ref', 'channel', 'digest', 'approver']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maestro_release_approvals');
  await knex.schema.dropTable('maestro_release_heads');
  await knex.schema.dropTable('maestro_release_revisions');
};
