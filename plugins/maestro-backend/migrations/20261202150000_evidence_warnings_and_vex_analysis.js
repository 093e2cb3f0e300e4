// @ts-check

/**
 * What a document says beyond its components and findings:
 * - on `maestro_evidence_documents`, `warnings` (the parts Maestro did not
 *   read or read only partly, as told to the uploader) and `subject` (what
 *   the document describes: CycloneDX `metadata.component`, the package an
 *   SPDX document DESCRIBES, a scan's target);
 * - on `maestro_vulnerability_findings`, the CycloneDX VEX analysis stated
 *   in the finding's own document. Findings whose `analysis_state` is
 *   not_affected, false_positive, resolved or resolved_with_pedigree are
 *   suppressed: stored and shown, counted in no total and no gate.
 *
 * Rows written before this migration have none of these (null).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('maestro_evidence_documents', table => {
    table
      .text('warnings')
      .nullable()
      .comment('JSON array of strings: what was not read; null when nothing');
    table
      .text('subject')
      .nullable()
      .comment('JSON EvidenceSubject: what the document describes');
  });
  await knex.schema.alterTable('maestro_vulnerability_findings', table => {
    table
      .string('analysis_state', 32)
      .nullable()
      .comment('CycloneDX VEX analysis.state as stated by the document');
    table.text('analysis_justification').nullable();
    table
      .text('analysis_responses')
      .nullable()
      .comment('JSON array of strings (analysis.response)');
    table.text('analysis_detail').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('maestro_vulnerability_findings', table => {
    table.dropColumn('analysis_detail');
    table.dropColumn('analysis_responses');
    table.dropColumn('analysis_justification');
    table.dropColumn('analysis_state');
  });
  await knex.schema.alterTable('maestro_evidence_documents', table => {
    table.dropColumn('subject');
    table.dropColumn('warnings');
  });
};
