// @ts-check

/**
 * Policy as code: stored evaluations (with one row per finding, so the
 * Policies page can count how often each rule fired), exemptions with a
 * mandatory expiry, and emergency bypasses. Times are ISO 8601 UTC strings
 * with milliseconds, which order correctly as text on every database.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maestro_policy_evaluations', table => {
    table.comment(
      'Policy evaluations stored for an entity and, when known, an image digest',
    );
    table.string('id', 36).primary();
    table.string('entity_ref', 512).notNullable();
    table.string('image_digest', 71).nullable();
    table.string('source', 32).notNullable();
    table.string('profile', 16).notNullable();
    table.boolean('passed').notNullable();
    table.integer('deny_count').notNullable();
    table.integer('warn_count').notNullable();
    table.integer('exempted_count').notNullable();
    table.text('report').notNullable().comment('The full PolicyReport as JSON');
    table.string('evaluated_at', 32).notNullable();
    table.string('evaluated_by', 512).notNullable();
    table.index(
      ['entity_ref', 'evaluated_at'],
      'maestro_policy_evaluations_entity_idx',
    );
    table.index(['image_digest'], 'maestro_policy_evaluations_digest_idx');
  });

  await knex.schema.createTable('maestro_policy_findings', table => {
    table.comment('One row per finding of a stored evaluation');
    table.increments('id');
    table
      .string('evaluation_id', 36)
      .notNullable()
      .references('id')
      .inTable('maestro_policy_evaluations')
      .onDelete('CASCADE');
    table.string('rule_id', 64).notNullable();
    table.string('severity', 8).notNullable();
    table.boolean('exempted').notNullable();
    table.index(['rule_id'], 'maestro_policy_findings_rule_idx');
    table.index(['evaluation_id'], 'maestro_policy_findings_evaluation_idx');
  });

  await knex.schema.createTable('maestro_policy_exemptions', table => {
    table.comment(
      'Exemptions from policy rules: owner, reason, ticket and a mandatory expiry',
    );
    table.string('id', 36).primary();
    table.string('entity_ref', 512).notNullable();
    table.string('rule_id', 64).notNullable();
    table
      .text('selector')
      .notNullable()
      .comment('JSON: resourceKind, resourceName, namespace, image, file');
    table.string('owner', 512).notNullable();
    table.text('reason').notNullable();
    table.string('ticket', 256).notNullable();
    table.string('expires_at', 32).notNullable();
    table.string('created_by', 512).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('revoked_by', 512).nullable();
    table.string('revoked_at', 32).nullable();
    table.index(['entity_ref'], 'maestro_policy_exemptions_entity_idx');
  });

  await knex.schema.createTable('maestro_policy_bypasses', table => {
    table.comment(
      'Emergency bypasses of the policy gate; each is also a ledger entry',
    );
    table.string('id', 36).primary();
    table.string('entity_ref', 512).notNullable();
    table.string('image_digest', 71).nullable();
    table.text('reason').notNullable();
    table.string('created_by', 512).notNullable();
    table.string('created_at', 32).notNullable();
    table.bigInteger('ledger_sequence').notNullable();
    table.index(
      ['entity_ref', 'created_at'],
      'maestro_policy_bypasses_entity_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maestro_policy_bypasses');
  await knex.schema.dropTable('maestro_policy_exemptions');
  await knex.schema.dropTable('maestro_policy_findings');
  await knex.schema.dropTable('maestro_policy_evaluations');
};
