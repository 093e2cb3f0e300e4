// @ts-check

const { createHash } = require('node:crypto');

/**
 * Build HUD hardening.
 *
 * `maestro_hud_payload_digests`: the sha256 of each stored GitHub delivery's
 * payload (canonical JSON), so one signed body sent again under a new
 * `X-GitHub-Delivery` (that header is not signed) is stored once within
 * `maestro.hud.replayWindowHours`. The primary key makes two concurrent
 * copies wait for each other; a row older than the window is taken over by
 * the next copy, and retention deletes the rest.
 *
 * `maestro_hud_unrouted`: GitHub deliveries that no single trusted entity
 * claims (several trusted entities carry the repository's slug, or only
 * entities from untrusted catalog locations do). They are parked here with
 * the reason and the claimants, shown as a warning, never given to one of
 * them. Stored once per delivery key and once per payload.
 *
 * BuildEvent keys: a BuildEvent's `eventId` is unique only within its
 * provider and entity, so `event_key` of `source = 'api'` rows becomes the
 * sha256 hex of JSON [source, provider, entity_ref, delivery_id] (GitHub and
 * CloudEvents keys are unchanged). Existing rows are rewritten so a retry of
 * an event stored before this migration is still recognized.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maestro_hud_payload_digests', table => {
    table.comment(
      'Payload digests of stored GitHub deliveries, to store a signed body once within the replay window',
    );
    table
      .string('payload_sha256', 64)
      .primary()
      .comment('sha256 hex of the canonical JSON payload');
    table
      .string('event_id', 36)
      .notNullable()
      .comment('The maestro_hud_events row stored for it; no foreign key');
    table.string('received_at', 32).notNullable();
    table.index(['received_at'], 'maestro_hud_payload_digests_received_idx');
  });

  await knex.schema.createTable('maestro_hud_unrouted', table => {
    table.comment(
      'GitHub deliveries parked because no single trusted entity claims their repository',
    );
    table.string('id', 36).primary();
    table
      .string('event_key', 64)
      .notNullable()
      .unique({ indexName: 'maestro_hud_unrouted_key_uq' })
      .comment('The key the event would have in maestro_hud_events');
    table
      .string('payload_sha256', 64)
      .notNullable()
      .unique({ indexName: 'maestro_hud_unrouted_payload_uq' });
    table.string('source', 16).notNullable();
    table.string('delivery_id', 255).notNullable();
    table.string('event_type', 255).notNullable();
    table
      .string('annotation', 255)
      .notNullable()
      .comment('github.com/project-slug or maestro.io/tekton-pipeline');
    table
      .string('value', 512)
      .notNullable()
      .comment('The repository or pipeline claimed');
    table
      .string('problem', 16)
      .notNullable()
      .comment(
        'ambiguous (several trusted claimants) or untrusted (only untrusted ones)',
      );
    table
      .text('claimants')
      .notNullable()
      .comment('JSON array of the entity refs in conflict, sorted');
    table.text('reason').notNullable();
    table.string('received_at', 32).notNullable();
    table.text('payload').notNullable().comment('The event as received (JSON)');
    table.index(
      ['annotation', 'value', 'received_at'],
      'maestro_hud_unrouted_value_idx',
    );
    table.index(['received_at'], 'maestro_hud_unrouted_received_idx');
  });

  await rewriteApiKeys(knex, row =>
    key(['api', row.origin, row.entity_ref, row.delivery_id]),
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maestro_hud_unrouted');
  await knex.schema.dropTable('maestro_hud_payload_digests');
  // Events that only the scoped key tells apart keep it: the old key of the
  // first (oldest) of them is restored, the others would collide.
  const restored = new Set();
  await rewriteApiKeys(knex, row => {
    const old = key(['api', '', row.delivery_id]);
    if (restored.has(old)) return undefined;
    restored.add(old);
    return old;
  });
};

/** @param {unknown[]} parts */
function key(parts) {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * @typedef {{ id: string, origin: string, entity_ref: string, delivery_id: string, event_key: string }} ApiEventRow
 * @param {import('knex').Knex} knex
 * @param {(row: ApiEventRow) => string | undefined} keyOf
 */
async function rewriteApiKeys(knex, keyOf) {
  let after = { received_at: '', id: '' };
  for (;;) {
    const from = after;
    /** @type {Array<ApiEventRow & { received_at: string }>} */
    const rows = await knex('maestro_hud_events')
      .select(
        'id',
        'origin',
        'entity_ref',
        'delivery_id',
        'event_key',
        'received_at',
      )
      .where('source', 'api')
      .andWhere(q =>
        q
          .where('received_at', '>', from.received_at)
          .orWhere(e =>
            e
              .where('received_at', from.received_at)
              .andWhere('id', '>', from.id),
          ),
      )
      .orderBy([{ column: 'received_at' }, { column: 'id' }])
      .limit(500);
    for (const row of rows) {
      const next = keyOf(row);
      if (next && next !== row.event_key) {
        await knex('maestro_hud_events')
          .where('id', row.id)
          .update({ event_key: next });
      }
    }
    if (rows.length < 500) return;
    after = rows[rows.length - 1];
  }
}
