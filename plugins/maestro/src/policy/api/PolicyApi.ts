import {
  PolicyExemptionRecord,
  PolicyRuleSummary,
  StoredPolicyEvaluation,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { MaestroCreateOptions } from '../../shared/api/MaestroCreateOptions';

/**
 * Which stored exemptions to list; every field narrows the list.
 *
 * @public
 */
export type PolicyExemptionQuery = {
  entityRef?: string;
  status?: PolicyExemptionRecord['status'];
};

/**
 * A new exemption from a policy rule for one entity. `expiresAt` (ISO 8601)
 * is mandatory: exemptions never last forever.
 *
 * @public
 */
export type PolicyExemptionRequest = {
  entityRef: string;
  ruleId: string;
  /** Narrows the exemption beyond the entity, e.g. to one resource or file. */
  selector?: Omit<PolicyExemptionRecord['selector'], 'entityRef'>;
  owner: string;
  reason: string;
  ticket: string;
  expiresAt: string;
};

/**
 * Which stored policy evaluations to list, newest first.
 *
 * @public
 */
export type PolicyResultsQuery = {
  entityRef: string;
  imageDigest?: string;
  limit?: number;
};

/**
 * Policy rules, their exemptions and stored evaluations.
 *
 * @public
 */
export interface PolicyApi {
  /** Every policy rule the backend enforces, with how often each fired. */
  listPolicyRules(): Promise<{ items: PolicyRuleSummary[] }>;

  /** Stored exemptions, optionally of one entity or in one status. */
  listPolicyExemptions(
    query?: PolicyExemptionQuery,
  ): Promise<{ items: PolicyExemptionRecord[] }>;

  /**
   * Records an exemption. Rejects with a `ResponseError` (403) unless the
   * user owns the entity or administers policies. When an identical active
   * exemption exists, resolves with that one instead of adding another.
   */
  createPolicyExemption(
    request: PolicyExemptionRequest,
    options?: MaestroCreateOptions,
  ): Promise<PolicyExemptionRecord>;

  /** Withdraws an exemption; it stays on record as `revoked`. */
  revokePolicyExemption(id: string): Promise<void>;

  /** Stored policy evaluations of an entity, newest first. */
  listPolicyResults(
    query: PolicyResultsQuery,
  ): Promise<{ items: StoredPolicyEvaluation[] }>;
}
