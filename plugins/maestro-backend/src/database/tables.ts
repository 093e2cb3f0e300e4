/** Table names and row shapes of the Maestro backend; only stores use them. */

export const TABLE_LEDGER_ENTRIES = 'maestro_ledger_entries';
export const TABLE_LEDGER_HEAD = 'maestro_ledger_head';

export type DbLedgerEntryRow = {
  // PostgreSQL returns bigint columns as strings.
  sequence: number | string;
  recorded_at: string;
  actor: string;
  action: string;
  target: string;
  payload: string;
  previous_hash: string;
  hash: string;
};

export type DbLedgerHeadRow = {
  id: number;
  sequence: number | string;
  hash: string;
};

export const TABLE_POLICY_EVALUATIONS = 'maestro_policy_evaluations';
export const TABLE_POLICY_FINDINGS = 'maestro_policy_findings';
export const TABLE_POLICY_EXEMPTIONS = 'maestro_policy_exemptions';
export const TABLE_POLICY_BYPASSES = 'maestro_policy_bypasses';

export type DbPolicyEvaluationRow = {
  id: string;
  entity_ref: string;
  image_digest: string | null;
  source: string;
  profile: string;
  passed: boolean | number;
  deny_count: number;
  warn_count: number;
  exempted_count: number;
  report: string;
  evaluated_at: string;
  evaluated_by: string;
};

export type DbPolicyFindingRow = {
  id?: number;
  evaluation_id: string;
  rule_id: string;
  severity: string;
  exempted: boolean | number;
};

export type DbPolicyExemptionRow = {
  id: string;
  entity_ref: string;
  rule_id: string;
  selector: string;
  owner: string;
  reason: string;
  ticket: string;
  expires_at: string;
  created_by: string;
  created_at: string;
  revoked_by: string | null;
  revoked_at: string | null;
};

export type DbPolicyBypassRow = {
  id: string;
  entity_ref: string;
  image_digest: string | null;
  reason: string;
  created_by: string;
  created_at: string;
  ledger_sequence: number | string;
};

export const TABLE_IDEMPOTENCY_KEYS = 'maestro_idempotency_keys';

export type DbIdempotencyKeyRow = {
  id: string;
  caller: string;
  idempotency_key: string;
  operation: string;
  request_hash: string;
  response: string;
  created_at: string;
  expires_at: string;
};

export const TABLE_ARTIFACTS = 'maestro_artifacts';
export const TABLE_EVIDENCE_DOCUMENTS = 'maestro_evidence_documents';
export const TABLE_SBOM_COMPONENTS = 'maestro_sbom_components';
export const TABLE_VULNERABILITY_FINDINGS = 'maestro_vulnerability_findings';
export const TABLE_SIGNATURE_VERIFICATIONS = 'maestro_signature_verifications';
export const TABLE_PROVENANCE_VERIFICATIONS =
  'maestro_provenance_verifications';
export const TABLE_VULNERABILITY_EXEMPTIONS =
  'maestro_vulnerability_exemptions';

export type DbArtifactRow = {
  id: string;
  entity_ref: string;
  repository: string;
  digest: string;
  tags: string;
  commit_sha: string | null;
  branch: string | null;
  pull_request: number | null;
  build_run_url: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
};

export type DbEvidenceDocumentRow = {
  id: string;
  artifact_id: string;
  kind: string;
  format: string;
  version: string | null;
  sha256: string;
  size_bytes: number;
  tool_name: string | null;
  tool_version: string | null;
  content: Buffer;
  ingested_at: string;
  ingested_by: string;
  /** JSON array of strings; null when everything was read. */
  warnings: string | null;
  /** JSON EvidenceSubject. */
  subject: string | null;
};

export type DbSbomComponentRow = {
  id?: number | string;
  document_id: string;
  name: string;
  version: string | null;
  purl: string | null;
  type: string | null;
  licenses: string;
  relationship: string;
  ref: string | null;
};

export type DbVulnerabilityFindingRow = {
  id?: number | string;
  document_id: string;
  vulnerability_id: string;
  aliases: string;
  severity: string;
  cvss: string | null;
  package_name: string;
  package_type: string | null;
  package_purl: string | null;
  installed_version: string | null;
  fixed_versions: string;
  target: string | null;
  title: string | null;
  url: string | null;
  analysis_state: string | null;
  analysis_justification: string | null;
  /** JSON array of strings. */
  analysis_responses: string | null;
  analysis_detail: string | null;
};

export type DbSignatureVerificationRow = {
  document_id: string;
  artifact_id: string;
  verified: boolean | number;
  reason: string;
  signer_subject: string | null;
  signer_issuer: string | null;
  integrated_time: string | null;
  detail: string;
  verified_at: string;
};

export type DbProvenanceVerificationRow = {
  document_id: string;
  artifact_id: string;
  valid: boolean | number;
  reason: string;
  predicate_type: string | null;
  builder_id: string | null;
  source_repository: string | null;
  source_commit: string | null;
  signed: boolean | number;
  detail: string;
  verified_at: string;
};

export type DbVulnerabilityExemptionRow = {
  id: string;
  entity_ref: string;
  vulnerability_id: string;
  package_name: string | null;
  scope_digest: string | null;
  scope_channel: string | null;
  owner: string;
  reason: string;
  ticket: string | null;
  expires_at: string;
  created_by: string;
  created_at: string;
  revoked_by: string | null;
  revoked_at: string | null;
};

export const TABLE_HUD_EVENTS = 'maestro_hud_events';
export const TABLE_HUD_RUNS = 'maestro_hud_runs';
export const TABLE_HUD_STAGES = 'maestro_hud_stages';
export const TABLE_HUD_PULL_REQUESTS = 'maestro_hud_pull_requests';
export const TABLE_HUD_PAYLOAD_DIGESTS = 'maestro_hud_payload_digests';
export const TABLE_HUD_UNROUTED = 'maestro_hud_unrouted';

export type DbHudPayloadDigestRow = {
  payload_sha256: string;
  event_id: string;
  received_at: string;
};

export type DbHudUnroutedRow = {
  id: string;
  event_key: string;
  payload_sha256: string;
  source: string;
  delivery_id: string;
  event_type: string;
  annotation: string;
  value: string;
  problem: string;
  claimants: string;
  reason: string;
  received_at: string;
  payload: string;
};

export type DbHudEventRow = {
  id: string;
  event_key: string;
  source: string;
  origin: string;
  delivery_id: string;
  event_type: string;
  entity_ref: string;
  run_id: string | null;
  pull_request: number | null;
  occurred_at: string;
  received_at: string;
  received_by: string;
  payload: string;
  normalized: string;
};

export type DbHudRunRow = {
  id: string;
  entity_ref: string;
  source: string;
  provider: string;
  external_id: string;
  name: string | null;
  url: string | null;
  pull_request: number | null;
  commit_sha: string | null;
  branch: string | null;
  status: string;
  status_at: string;
  started_at: string | null;
  finished_at: string | null;
  // PostgreSQL returns bigint columns as strings.
  duration_ms: number | string | null;
  image_digest: string | null;
  preview_url: string | null;
  field_times: string;
  first_event_at: string;
  updated_at: string;
  created_at: string;
};

export type DbHudStageRow = {
  id: string;
  run_id: string;
  stage_key: string;
  name: string;
  job_name: string | null;
  status: string;
  status_at: string;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | string | null;
  url: string | null;
  tests: string | null;
  scan: string | null;
  sbom_url: string | null;
  signature: string | null;
  policy: string | null;
  policy_passed: boolean | number | null;
  policy_denied: number | null;
  preview_url: string | null;
  field_times: string;
  updated_at: string;
};

export type DbHudPullRequestRow = {
  id: string;
  entity_ref: string;
  number: number;
  title: string | null;
  state: string | null;
  author: string | null;
  url: string | null;
  head_commit: string | null;
  head_branch: string | null;
  preview_url: string | null;
  field_times: string;
  updated_at: string;
  created_at: string;
};
