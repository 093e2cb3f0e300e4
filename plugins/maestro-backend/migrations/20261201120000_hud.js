// @ts-check

/**
 * The Build HUD: CI/CD events as received (GitHub webhooks, CloudEvents, the
 * BuildEvent API) and the timeline folded from them: runs, their stages, and
 * pull requests. Times are ISO 8601 UTC strings with milliseconds, which order
 * correctly as text on every database.
 *
 * An event is stored once: `event_key` (sha256 of ingestion path, origin and
 * delivery id) is unique and ingestion inserts with ON CONFLICT DO NOTHING, so
 * a redelivered webhook or a retried CloudEvent changes nothing.
 *
 * Runs, stages and pull requests are folded so that the order events arrive
 * in does not matter: `status_at` is when the status was reported at the
 * source, `field_times` (JSON) holds that time for every other field, and a
 * field only changes for a report at least as new. Nothing here is a ledger
 * entry: the ledger records what people change, not what CI reports.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maestro_hud_events', table => {
    table.comment('CI/CD events as received, kept for replay and debugging');
    table.string('id', 36).primary();
    table
      .string('event_key', 64)
      .notNullable()
      .unique({ indexName: 'maestro_hud_events_key_uq' })
      .comment('sha256 hex of [source, origin, delivery_id]; idempotency key');
    table
      .string('source', 16)
      .notNullable()
      .comment('Ingestion path: github, cloudevents or api');
    table
      .text('origin')
      .notNullable()
      .comment('github, the CloudEvent source, or the API provider');
    table
      .string('delivery_id', 255)
      .notNullable()
      .comment('X-GitHub-Delivery, CloudEvent id or BuildEvent eventId');
    table
      .string('event_type', 255)
      .notNullable()
      .comment(
        'e.g. workflow_job.completed, dev.tekton.event.taskrun.successful.v1',
      );
    table.string('entity_ref', 512).notNullable();
    table
      .string('run_id', 36)
      .nullable()
      .comment(
        'The run the event folded into; no foreign key, retention prunes each table on its own',
      );
    table.integer('pull_request').nullable();
    table.string('occurred_at', 32).notNullable();
    table.string('received_at', 32).notNullable();
    table.string('received_by', 512).notNullable();
    table.text('payload').notNullable().comment('The event as received (JSON)');
    table
      .text('normalized')
      .notNullable()
      .comment('What Maestro read from it (JSON HudEventFacts), to refold');
    table.index(['entity_ref', 'received_at'], 'maestro_hud_events_entity_idx');
    table.index(['received_at'], 'maestro_hud_events_received_idx');
    table.index(['run_id'], 'maestro_hud_events_run_idx');
  });

  await knex.schema.createTable('maestro_hud_runs', table => {
    table.comment(
      'CI runs (workflow runs, PipelineRuns, ...) folded from events',
    );
    table.string('id', 36).primary();
    table.string('entity_ref', 512).notNullable();
    table.string('source', 16).notNullable();
    table.string('provider', 64).notNullable();
    table
      .string('external_id', 255)
      .notNullable()
      .comment('The run in its CI system; GitHub re-runs add #<attempt>');
    table.text('name').nullable();
    table.text('url').nullable();
    table.integer('pull_request').nullable();
    table.string('commit_sha', 64).nullable();
    table.string('branch', 255).nullable();
    table.string('status', 16).notNullable();
    table.string('status_at', 32).notNullable();
    table.string('started_at', 32).nullable();
    table.string('finished_at', 32).nullable();
    table.bigInteger('duration_ms').nullable();
    table.string('image_digest', 71).nullable();
    table.text('preview_url').nullable();
    table.text('field_times').notNullable().comment('JSON: field → occurredAt');
    table
      .string('first_event_at', 32)
      .notNullable()
      .comment(
        'Earliest occurredAt of its events; orders runs without a start',
      );
    table
      .string('updated_at', 32)
      .notNullable()
      .comment('Latest occurredAt of its events');
    table.string('created_at', 32).notNullable().comment('First received');
    table.unique(['entity_ref', 'source', 'provider', 'external_id'], {
      indexName: 'maestro_hud_runs_external_uq',
    });
    table.index(
      ['entity_ref', 'first_event_at'],
      'maestro_hud_runs_entity_idx',
    );
    table.index(
      ['entity_ref', 'pull_request'],
      'maestro_hud_runs_pull_request_idx',
    );
    table.index(['finished_at'], 'maestro_hud_runs_finished_idx');
  });

  await knex.schema.createTable('maestro_hud_stages', table => {
    table.comment('Stages of a run (jobs, TaskRuns, check runs, statuses)');
    table.string('id', 36).primary();
    table
      .string('run_id', 36)
      .notNullable()
      .references('id')
      .inTable('maestro_hud_runs')
      .onDelete('CASCADE');
    table
      .string('stage_key', 255)
      .notNullable()
      .comment('The job in its CI system, e.g. job:<id>, taskrun:<ns>/<name>');
    table
      .string('name', 255)
      .notNullable()
      .comment(
        'lint, test, build, scan, sign, policy, deploy, e2e or as given',
      );
    table.text('job_name').nullable().comment('The name the CI gave it');
    table.string('status', 16).notNullable();
    table.string('status_at', 32).notNullable();
    table.string('started_at', 32).nullable();
    table.string('finished_at', 32).nullable();
    table.bigInteger('duration_ms').nullable();
    table.text('url').nullable();
    table.text('tests').nullable().comment('JSON BuildTestResults');
    table.text('scan').nullable().comment('JSON BuildScanSummary');
    table.text('sbom_url').nullable();
    table.text('signature').nullable().comment('JSON { verified, reason }');
    table
      .text('policy')
      .nullable()
      .comment('JSON { passed, denied, warnings }');
    table.boolean('policy_passed').nullable();
    table.integer('policy_denied').nullable();
    table.text('preview_url').nullable();
    table.text('field_times').notNullable().comment('JSON: field → occurredAt');
    table.string('updated_at', 32).notNullable();
    table.unique(['run_id', 'stage_key'], {
      indexName: 'maestro_hud_stages_key_uq',
    });
  });

  await knex.schema.createTable('maestro_hud_pull_requests', table => {
    table.comment('Pull requests of an entity, from PR events and their runs');
    table.string('id', 36).primary();
    table.string('entity_ref', 512).notNullable();
    table.integer('number').notNullable();
    table.text('title').nullable();
    table.string('state', 16).nullable();
    table.string('author', 255).nullable();
    table.text('url').nullable();
    table.string('head_commit', 64).nullable();
    table.string('head_branch', 255).nullable();
    table.text('preview_url').nullable();
    table.text('field_times').notNullable().comment('JSON: field → occurredAt');
    table.string('updated_at', 32).notNullable();
    table.string('created_at', 32).notNullable();
    table.unique(['entity_ref', 'number'], {
      indexName: 'maestro_hud_pull_requests_number_uq',
    });
    table.index(
      ['entity_ref', 'updated_at'],
      'maestro_hud_pull_requests_entity_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maestro_hud_pull_requests');
  await knex.schema.dropTable('maestro_hud_stages');
  await knex.schema.dropTable('maestro_hud_runs');
  await knex.schema.dropTable('maestro_hud_events');
};
