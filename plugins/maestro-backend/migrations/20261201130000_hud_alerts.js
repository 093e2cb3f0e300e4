// @ts-check

/**
 * Build HUD alerts: one row per breach of an alert rule (`maestro.hud.alerts`)
 * by an entity. A breach opens when the rule's metric crosses its threshold,
 * stays open while it stays above, and resolves when it goes back under; the
 * owners are notified once, when it opens.
 *
 * `open_key` (sha256 hex of [rule_id, entity_ref]) is set while the breach is
 * open and cleared when it resolves. It is unique, and NULLs never collide on
 * PostgreSQL or SQLite, so at most one breach per rule and entity is open even
 * when two evaluations race: the second insert conflicts and notifies no one.
 *
 * No foreign keys: breaches outlive the runs they were computed from, and
 * retention prunes resolved ones on its own.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maestro_hud_alerts', table => {
    table.comment('Breaches of Build HUD alert rules, notified once each');
    table.string('id', 36).primary();
    table.string('rule_id', 64).notNullable();
    table
      .string('metric', 32)
      .notNullable()
      .comment('failureRate, criticalVulnerabilities or policyBypasses');
    table.string('entity_ref', 512).notNullable();
    table.text('title').notNullable().comment("The rule's title when opened");
    table.string('status', 16).notNullable().comment('open or resolved');
    table
      .string('open_key', 64)
      .nullable()
      .unique({ indexName: 'maestro_hud_alerts_open_key_uq' })
      .comment('sha256 hex of [rule_id, entity_ref] while open, else NULL');
    table
      .double('value')
      .notNullable()
      .comment("The metric's value when the breach opened");
    table.double('threshold').notNullable();
    table.string('opened_at', 32).notNullable();
    table.string('resolved_at', 32).nullable();
    table
      .double('resolved_value')
      .nullable()
      .comment("The metric's value when the breach resolved");
    table
      .string('notified_at', 32)
      .nullable()
      .comment('When the owners were notified; NULL until delivered');
    table.index(['entity_ref', 'opened_at'], 'maestro_hud_alerts_entity_idx');
    table.index(['status', 'opened_at'], 'maestro_hud_alerts_status_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maestro_hud_alerts');
};
