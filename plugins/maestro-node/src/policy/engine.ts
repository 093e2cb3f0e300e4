/**
 * The policy engine: loads the rule pack (built-in YAML, app-config rules,
 * a rules folder), compiles every CEL expression once, then evaluates
 * Dockerfiles and Kubernetes manifests into a report.
 *
 * A rule's `violations` expression returns a list of maps; each map becomes
 * one finding. Resource rules run once per Dockerfile / Kubernetes object,
 * set rules once per evaluation with every input of their kind. See README.md.
 *
 * With `opa` options the engine also asks an external OPA server (./opa) and
 * adds its findings; that needs I/O, so such an engine evaluates through
 * `evaluateAsync` and its synchronous `evaluate` refuses rather than
 * silently leaving OPA out.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  celBindings,
  compileExpression,
  type CelBindings,
  type CompiledExpression,
} from './cel';
import { parseDockerfile, type DockerfileModel } from './dockerfileModel';
import { applyExemptions } from './exemptions';
import {
  namespaceViews,
  parseManifests,
  type ResourceView,
} from './kubernetesModel';
import { createOpaDecision, type OpaDecision } from './opa/decision';
import { OpaDecisionError } from './opa/client';
import type { DelegatedFinding } from './opa/findings';
import type { OpaDelegationOptions } from './opa/options';
import {
  parseRuleFile,
  validateRuleDefinition,
  type LoadedRuleDefinition,
  type PolicyRuleDefinition,
} from './ruleDefinition';
import { builtInRuleFiles } from './rules';
import type {
  PolicyEngine,
  PolicyEvaluateOptions,
  PolicyFinding,
  PolicyInput,
  PolicyProfile,
  PolicyReport,
  PolicyRuleInfo,
} from './types';
import { collectFindings, type RuleRun } from './violations';

/** @public */
export type PolicyEngineOptions = {
  /** Extra rules, e.g. from app-config; a rule with a built-in ID replaces it. */
  rules?: PolicyRuleDefinition[];
  /** A folder of `*.yaml` / `*.yml` rule files, read once at creation. */
  rulesDirectory?: string;
  /** Rule IDs to switch off. */
  disabledRules?: string[];
  /**
   * Also ask an external OPA server (`maestro.policy.opa`) and add its
   * findings; evaluate with `evaluateAsync` (or `evaluatePolicy`).
   */
  opa?: OpaDelegationOptions;
};

/**
 * The engine `createPolicyEngine` returns: the shared `PolicyEngine` plus an
 * asynchronous evaluation, which is the one that includes OPA's findings.
 *
 * @public
 */
export interface MaestroPolicyEngine extends PolicyEngine {
  /**
   * Evaluates with the CEL pack and, when `opa` is configured, adds OPA's
   * findings (exemptions apply to both). Rejects with `PolicyInputError` on
   * malformed input and `OpaDecisionError` when OPA gives no usable decision.
   */
  evaluateAsync(
    inputs: PolicyInput[],
    options?: PolicyEvaluateOptions,
  ): Promise<PolicyReport>;
  /** The OPA decision findings are added from, when configured. */
  readonly opa?: { url: string; path: string };
}

/**
 * Evaluates with any engine: through `evaluateAsync` when it has one (so a
 * configured OPA server is asked), else the synchronous `evaluate`. For hosts
 * that hold the engine as the shared `PolicyEngine` type.
 *
 * @public
 */
export async function evaluatePolicy(
  engine: PolicyEngine | MaestroPolicyEngine,
  inputs: PolicyInput[],
  options?: PolicyEvaluateOptions,
): Promise<PolicyReport> {
  return 'evaluateAsync' in engine && typeof engine.evaluateAsync === 'function'
    ? engine.evaluateAsync(inputs, options)
    : engine.evaluate(inputs, options);
}

type CompiledRule = {
  definition: LoadedRuleDefinition;
  violations: CompiledExpression;
};

/**
 * Creates an engine. Throws an Error naming the rule when a definition is
 * invalid or its CEL does not compile, so a bad pack fails at startup.
 *
 * @public
 */
export function createPolicyEngine(
  options: PolicyEngineOptions = {},
): MaestroPolicyEngine {
  const byId = new Map<string, LoadedRuleDefinition>();
  const add = (rule: LoadedRuleDefinition) => byId.set(rule.id, rule);
  for (const [origin, text] of builtInRuleFiles)
    parseRuleFile(text, origin).forEach(add);
  if (options.rulesDirectory) {
    const files = fs
      .readdirSync(options.rulesDirectory)
      .filter(name => /\.ya?ml$/i.test(name))
      .sort();
    for (const name of files) {
      const file = path.join(options.rulesDirectory, name);
      parseRuleFile(fs.readFileSync(file, 'utf8'), file).forEach(add);
    }
  }
  (options.rules ?? []).forEach((rule, index) =>
    add(validateRuleDefinition(rule, 'app-config', index)),
  );
  for (const id of options.disabledRules ?? []) byId.delete(id);

  const compiled: CompiledRule[] = [...byId.values()].map(definition => ({
    definition,
    violations: compileExpression(
      definition.violations,
      definition.id,
      'violations',
    ),
  }));

  const opa: OpaDecision | undefined = options.opa
    ? createOpaDecision(options.opa)
    : undefined;

  return {
    rules: () => compiled.map(({ definition }) => toInfo(definition)),
    evaluate: (inputs, evaluateOptions) => {
      if (opa) {
        throw new OpaDecisionError(
          `OPA delegation is configured (${opa.target.url}, data path '${opa.target.path}'), so this engine cannot decide synchronously: call evaluateAsync (or evaluatePolicy) so OPA's findings are included`,
        );
      }
      return evaluate(compiled, parseInputs(inputs), evaluateOptions);
    },
    evaluateAsync: async (inputs, evaluateOptions = {}) => {
      const parsed = parseInputs(inputs);
      const delegated = opa
        ? await opa.findings(parsed, {
            profile: evaluateOptions.profile ?? 'default',
            entityRef: evaluateOptions.entityRef,
          })
        : [];
      return evaluate(compiled, parsed, evaluateOptions, delegated);
    },
    ...(opa ? { opa: opa.target } : {}),
  };
}

function toInfo(definition: LoadedRuleDefinition): PolicyRuleInfo {
  const { violations: _violations, match: _match, ...info } = definition;
  return info;
}

type ParsedInputs = {
  dockerfiles: DockerfileModel[];
  resources: ResourceView[];
};

// Parse everything first: a malformed input fails the whole evaluation
// with PolicyInputError instead of producing a partial report (and before
// OPA is asked anything).
function parseInputs(inputs: PolicyInput[]): ParsedInputs {
  const dockerfiles: DockerfileModel[] = [];
  const resources: ResourceView[] = [];
  for (const input of inputs) {
    if (input.kind === 'dockerfile') {
      dockerfiles.push(parseDockerfile(input.path, input.content));
    } else {
      resources.push(
        ...parseManifests(
          input.path,
          input.content,
          input.helm,
          resources.length,
        ),
      );
    }
  }
  return { dockerfiles, resources };
}

function evaluate(
  rules: CompiledRule[],
  { dockerfiles, resources }: ParsedInputs,
  options: PolicyEvaluateOptions = {},
  delegated: DelegatedFinding[] = [],
): PolicyReport {
  const profile: PolicyProfile = options.profile ?? 'default';
  const now = options.now ?? new Date();
  const active = rules.filter(
    ({ definition }) =>
      !definition.profiles || definition.profiles.includes(profile),
  );

  const runs: RuleRun[] = [];
  const forRule = (kind: string, scope: string) =>
    active.filter(
      ({ definition }) =>
        definition.kind === kind && definition.scope === scope,
    );

  for (const model of dockerfiles) {
    const bindings = celBindings({ dockerfile: model, profile });
    for (const rule of forRule('dockerfile', 'resource')) {
      runs.push(run(rule, bindings, { file: model.path }));
    }
  }
  for (const view of resources) {
    const bindings = celBindings({
      resource: view,
      workload: view.workload,
      profile,
      prod: isProduction(view, profile),
    });
    for (const rule of forRule('kubernetes', 'resource')) {
      if (!matches(rule.definition, view)) continue;
      runs.push(run(rule, bindings, { file: view.file, resource: view }));
    }
  }
  const setRules = [
    ...forRule('dockerfile', 'set'),
    ...forRule('kubernetes', 'set'),
  ];
  if (setRules.length > 0) {
    const dockerBindings = celBindings({ dockerfiles, profile });
    const kubernetesBindings = celBindings({
      resources,
      namespaces: namespaceViews(resources),
      profile,
    });
    for (const rule of setRules) {
      const isDocker = rule.definition.kind === 'dockerfile';
      if (isDocker ? dockerfiles.length === 0 : resources.length === 0)
        continue;
      runs.push(
        run(rule, isDocker ? dockerBindings : kubernetesBindings, {
          file: isDocker ? dockerfiles[0].path : resources[0].file,
        }),
      );
    }
  }

  // OPA's findings go through the same exemptions as the pack's.
  const findings: PolicyFinding[] = [
    ...collectFindings(runs, resources),
    ...delegated,
  ].map(({ finding, subject }) =>
    applyExemptions(
      finding,
      { ...subject, entityRef: options.entityRef },
      options.exemptions ?? [],
      now,
    ),
  );
  return {
    passed: !findings.some(
      f => f.severity === 'deny' && f.exemption?.status !== 'active',
    ),
    findings,
    summary: summarize(
      findings,
      dockerfiles.length + resources.length,
      active.length,
    ),
    profile,
    evaluatedAt: now.toISOString(),
  };
}

function run(
  rule: CompiledRule,
  bindings: CelBindings,
  context: RuleRun['context'],
): RuleRun {
  try {
    return {
      rule: rule.definition,
      context,
      result: rule.violations(bindings),
    };
  } catch (error) {
    return { rule: rule.definition, context, error: (error as Error).message };
  }
}

function matches(
  definition: LoadedRuleDefinition,
  view: ResourceView,
): boolean {
  const { match } = definition;
  if (match?.kinds && !match.kinds.includes(view.kind)) return false;
  if (match?.workloads && !view.workload) return false;
  return true;
}

/**
 * Production means: the strict profile, a namespace named `prod`,
 * `production`, `prod-*`, `*-prod` or `*-production`, or a Helm values
 * overlay whose file name has a `prod`/`production` word (`values-prod.yaml`).
  *
  * @alpha
 */
export function isProduction(
  view: ResourceView,
  profile: PolicyProfile,
): boolean {
  if (profile === 'strict') return true;
  if (/^(prod|production)$|^prod-|-(prod|production)$/.test(view.namespace))
    return true;
  const overlay = view.overlay ? path.basename(view.overlay) : '';
  return /(^|[-_.])(prod|production)([-_.]|$)/.test(overlay);
}

function summarize(
  findings: PolicyFinding[],
  resources: number,
  rules: number,
) {
  const exempted = findings.filter(
    f => f.exemption?.status === 'active',
  ).length;
  const counted = findings.filter(f => f.exemption?.status !== 'active');
  return {
    deny: counted.filter(f => f.severity === 'deny').length,
    warn: counted.filter(f => f.severity === 'warn').length,
    exempted,
    expiredExemptions: findings.filter(f => f.exemption?.status === 'expired')
      .length,
    resources,
    rules,
  };
}
