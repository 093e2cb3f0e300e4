/**
 * Policy as code: the contract of Maestro's policy engine (in maestro-node),
 * and the shapes the backend's policy API and the frontend share.
 */

/** `deny` blocks (CLI exit 1, failed gate); `warn` is reported only. @public */
export type PolicySeverity = 'deny' | 'warn';

/** What a rule looks at. Helm output is checked as `kubernetes`. @public */
export type PolicyInputKind = 'dockerfile' | 'kubernetes';

/** Rule profiles: `strict` adds rules such as "base image pinned by digest". @public */
export type PolicyProfile = 'default' | 'strict';

/** One document to check. @public */
export type PolicyInput =
  | {
      kind: 'dockerfile';
      /** Path shown in findings, e.g. `services/api/Dockerfile`. */
      path: string;
      content: string;
    }
  | {
      kind: 'kubernetes';
      /** Path shown in findings (for Helm output: the chart path). */
      path: string;
      /** One or more YAML documents. `# Source: <chart>/templates/x.yaml` comments (helm template output) set `location.template`. */
      content: string;
      /** Set when the manifests were rendered from a Helm chart. */
      helm?: { chart: string; overlay?: string };
    };

/** What a rule is, as people and the UI see it. @public */
export type PolicyRuleInfo = {
  /** Stable ID, e.g. `MAESTRO-DF-001`, `MAESTRO-K8S-014`. */
  id: string;
  kind: PolicyInputKind;
  /** `resource`: evaluated per Dockerfile / per Kubernetes object; `set`: sees all inputs of its kind together. */
  scope: 'resource' | 'set';
  severity: PolicySeverity;
  title: string;
  rationale: string;
  remediation: string;
  /** Profiles the rule is active in; absent means every profile. */
  profiles?: PolicyProfile[];
  /** Where the rule deliberately differs from other tools (kube-score, Pod Security Standards). */
  notes?: string;
  /** Where the rule came from: the built-in pack, app-config, or a rules folder file. */
  origin: string;
};

/** Where a finding is. @public */
export type PolicyLocation = {
  file: string;
  /** 1-based line, for Dockerfiles (and manifests where known). */
  line?: number;
  /** For manifests. */
  resource?: {
    apiVersion?: string;
    kind: string;
    namespace?: string;
    name: string;
  };
  /** JSON path inside the resource, e.g. `$.spec.template.spec.containers[0].securityContext.runAsNonRoot`. */
  jsonPath?: string;
  /** For Helm output: the chart template that produced the resource, e.g. `mychart/templates/deployment.yaml`. */
  template?: string;
  /** For Helm output: the values overlay, e.g. `values-prod.yaml`. */
  overlay?: string;
};

/**
 * An exemption: rule ID + target selector, owner, reason, ticket and a
 * mandatory expiry. Selector fields that are set must all match.
 *
 * @public
 */
export type PolicyExemption = {
  id?: string;
  ruleId: string;
  selector: {
    entityRef?: string;
    /** Kubernetes kind (`Deployment`) or `Dockerfile`. */
    resourceKind?: string;
    resourceName?: string;
    namespace?: string;
    /** Image repository or reference the finding concerns. */
    image?: string;
    /** File path (exact) the finding is in. */
    file?: string;
  };
  owner: string;
  reason: string;
  ticket: string;
  /** ISO 8601; required. */
  expiresAt: string;
};

/** @public */
export type PolicyFinding = {
  ruleId: string;
  severity: PolicySeverity;
  title: string;
  message: string;
  remediation: string;
  location: PolicyLocation;
  /** Set when an exemption matched: `active` ones suppress the finding's effect, `expired` ones do not. */
  exemption?: {
    id?: string;
    status: 'active' | 'expired';
    owner: string;
    reason: string;
    ticket: string;
    expiresAt: string;
  };
};

/** @public */
export type PolicyReport = {
  /** True when no finding is an unexempted `deny`. */
  passed: boolean;
  findings: PolicyFinding[];
  summary: {
    deny: number;
    warn: number;
    /** Findings covered by an active exemption. */
    exempted: number;
    /** Exemptions that matched but had expired (they no longer apply). */
    expiredExemptions: number;
    resources: number;
    rules: number;
  };
  profile: PolicyProfile;
  evaluatedAt: string;
};

/** @public */
export type PolicyEvaluateOptions = {
  profile?: PolicyProfile;
  exemptions?: PolicyExemption[];
  /** The clock for exemption expiry; defaults to now. */
  now?: Date;
  /** The catalog entity the inputs belong to, for exemption selectors. */
  entityRef?: string;
};

/** @public */
export interface PolicyEngine {
  rules(): PolicyRuleInfo[];
  /** Throws `PolicyInputError` (with a reason) on malformed input. */
  evaluate(
    inputs: PolicyInput[],
    options?: PolicyEvaluateOptions,
  ): PolicyReport;
}

/** A rule with how often it fired across stored evaluations. @public */
export type PolicyRuleSummary = PolicyRuleInfo & {
  /** Unexempted findings of this rule across stored evaluations. */
  fired: number;
  /** Stored evaluations that had at least one finding of this rule. */
  evaluations: number;
};

/** A stored evaluation of an entity's (and optionally an image digest's) inputs. @public */
export type StoredPolicyEvaluation = {
  id: string;
  entityRef: string;
  imageDigest?: string;
  /** Who produced it: `api`, `ci`, `scaffolder`, `promotion`. */
  source: string;
  evaluatedAt: string;
  evaluatedBy: string;
  report: PolicyReport;
};

/** An exemption as stored: the engine's exemption plus its history. @public */
export type PolicyExemptionRecord = PolicyExemption & {
  id: string;
  entityRef: string;
  createdBy: string;
  createdAt: string;
  revokedBy?: string;
  revokedAt?: string;
  /** `active` until expiry; `expired` after; `revoked` when withdrawn. */
  status: 'active' | 'expired' | 'revoked';
};

/** An emergency bypass of the policy gate: recorded, notified, never silent. @public */
export type PolicyBypassRecord = {
  id: string;
  entityRef: string;
  imageDigest?: string;
  reason: string;
  createdBy: string;
  createdAt: string;
  /** Ledger sequence of the bypass. */
  ledgerSequence: number;
};
