// @ts-check

/**
 * Supply-chain evidence per image digest: artifacts (an image digest of a
 * catalog entity), the evidence documents ingested for them exactly as sent,
 * and what Maestro read from each: SBOM components, vulnerability findings,
 * signature and provenance verifications. Vulnerability exemptions sit beside
 * them. Times are ISO 8601 UTC strings with milliseconds, which order
 * correctly as text on every database.
 *
 * A document is stored once per artifact: (artifact_id, sha256 of the raw
 * bytes) is unique, and ingestion inserts with ON CONFLICT DO NOTHING, so
 * concurrent uploads of the same document settle on one row.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maestro_artifacts', table => {
    table.comment('Image digests of catalog entities; tags are labels only');
    table.string('id', 36).primary();
    table.string('entity_ref', 512).notNullable();
    table.string('repository', 255).notNullable();
    table.string('digest', 71).notNullable().unique();
    table.text('tags').notNullable().comment('JSON array of strings');
    table.string('commit_sha', 64).nullable();
    table.string('branch', 255).nullable();
    table.integer('pull_request').nullable();
    table.string('build_run_url', 2048).nullable();
    table.string('created_at', 32).notNullable();
    table.string('created_by', 512).notNullable();
    table.string('updated_at', 32).notNullable();
    table.index(['entity_ref', 'created_at'], 'maestro_artifacts_entity_idx');
  });

  await knex.schema.createTable('maestro_evidence_documents', table => {
    table.comment(
      'Evidence documents (SBOMs, scans, bundles, attestations) as ingested',
    );
    table.string('id', 36).primary();
    table
      .string('artifact_id', 36)
      .notNullable()
      .references('id')
      .inTable('maestro_artifacts')
      .onDelete('CASCADE');
    table.string('kind', 32).notNullable();
    table.string('format', 32).notNullable();
    table.string('version', 64).nullable();
    table
      .string('sha256', 71)
      .notNullable()
      .comment(
        'sha256: of the raw bytes; with artifact_id the idempotency key',
      );
    table.integer('size_bytes').notNullable();
    table.text('tool_name').nullable();
    table.text('tool_version').nullable();
    table.binary('content').notNullable().comment('The raw bytes as ingested');
    table.string('ingested_at', 32).notNullable();
    table.string('ingested_by', 512).notNullable();
    table.unique(['artifact_id', 'sha256'], {
      indexName: 'maestro_evidence_documents_artifact_sha_uq',
    });
    table.index(
      ['artifact_id', 'ingested_at'],
      'maestro_evidence_documents_artifact_idx',
    );
  });

  await knex.schema.createTable('maestro_sbom_components', table => {
    table.comment('Components of an SBOM document, normalized');
    table.bigIncrements('id');
    table
      .string('document_id', 36)
      .notNullable()
      .references('id')
      .inTable('maestro_evidence_documents')
      .onDelete('CASCADE');
    table.text('name').notNullable();
    table.text('version').nullable();
    table.text('purl').nullable();
    table.text('type').nullable();
    table.text('licenses').notNullable().comment('JSON array of strings');
    table.string('relationship', 16).notNullable();
    table.text('ref').nullable();
    table.index(['document_id'], 'maestro_sbom_components_document_idx');
  });

  await knex.schema.createTable('maestro_vulnerability_findings', table => {
    table.comment('Findings of a vulnerability report document, normalized');
    table.bigIncrements('id');
    table
      .string('document_id', 36)
      .notNullable()
      .references('id')
      .inTable('maestro_evidence_documents')
      .onDelete('CASCADE');
    table.text('vulnerability_id').notNullable();
    table.text('aliases').notNullable().comment('JSON array of strings');
    table.string('severity', 16).notNullable();
    table.text('cvss').nullable().comment('JSON CvssScore');
    table.text('package_name').notNullable();
    table.text('package_type').nullable();
    table.text('package_purl').nullable();
    table.text('installed_version').nullable();
    table.text('fixed_versions').notNullable().comment('JSON array of strings');
    table.text('target').nullable();
    table.text('title').nullable();
    table.text('url').nullable();
    table.index(
      ['document_id', 'severity'],
      'maestro_vulnerability_findings_document_idx',
    );
  });

  await knex.schema.createTable('maestro_signature_verifications', table => {
    table.comment('Outcome of verifying a sigstore bundle for its artifact');
    table
      .string('document_id', 36)
      .primary()
      .references('id')
      .inTable('maestro_evidence_documents')
      .onDelete('CASCADE');
    table.string('artifact_id', 36).notNullable();
    table.boolean('verified').notNullable();
    table.text('reason').notNullable();
    table.text('signer_subject').nullable();
    table.text('signer_issuer').nullable();
    table.string('integrated_time', 32).nullable();
    table.text('detail').notNullable().comment('JSON SignatureVerification');
    table.string('verified_at', 32).notNullable();
    table.index(
      ['artifact_id'],
      'maestro_signature_verifications_artifact_idx',
    );
  });

  await knex.schema.createTable('maestro_provenance_verifications', table => {
    table.comment('Outcome of checking SLSA provenance for its artifact');
    table
      .string('document_id', 36)
      .primary()
      .references('id')
      .inTable('maestro_evidence_documents')
      .onDelete('CASCADE');
    table.string('artifact_id', 36).notNullable();
    table.boolean('valid').notNullable();
    table.text('reason').notNullable();
    table.text('predicate_type').nullable();
    table.text('builder_id').nullable();
    table.text('source_repository').nullable();
    table.string('source_commit', 64).nullable();
    table.boolean('signed').notNullable();
    table.text('detail').notNullable().comment('JSON ProvenanceVerification');
    table.string('verified_at', 32).notNullable();
    table.index(
      ['artifact_id'],
      'maestro_provenance_verifications_artifact_idx',
    );
  });

  await knex.schema.createTable('maestro_vulnerability_exemptions', table => {
    table.comment(
      'Vulnerability exemptions: owner, reason and a mandatory expiry',
    );
    table.string('id', 36).primary();
    table.string('entity_ref', 512).notNullable();
    table.string('vulnerability_id', 255).notNullable();
    table.text('package_name').nullable();
    table.string('scope_digest', 71).nullable();
    table.string('scope_channel', 64).nullable();
    table.string('owner', 512).notNullable();
    table.text('reason').notNullable();
    table.string('ticket', 256).nullable();
    table.string('expires_at', 32).notNullable();
    table.string('created_by', 512).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('revoked_by', 512).nullable();
    table.string('revoked_at', 32).nullable();
    table.index(['entity_ref'], 'maestro_vulnerability_exemptions_entity_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maestro_vulnerability_exemptions');
  await knex.schema.dropTable('maestro_provenance_verifications');
  await knex.schema.dropTable('maestro_signature_verifications');
  await knex.schema.dropTable('maestro_vulnerability_findings');
  await knex.schema.dropTable('maestro_sbom_components');
  await knex.schema.dropTable('maestro_evidence_documents');
  await knex.schema.dropTable('maestro_artifacts');
};
