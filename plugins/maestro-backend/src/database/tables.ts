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
