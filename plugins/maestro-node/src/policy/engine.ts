/**
 * The policy engine: loads the rule pack (built-in YAML, app-config rules,
 * a rules folder), compiles every CEL expression once, then evaluates
 * Dockerfiles and Kubernetes manifests into a report.
 *
 * A rule's `violations` expression returns a list of maps; each map becomes
 * one finding. Resource rules run once per Dockerfile / Kubernetes object,
 * set rules once per evaluation with every input of their kind. See README.md.
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
};

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
): PolicyEngine {
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

  return {
    rules: () => compiled.map(({ definition }) => toInfo(definition)),
    evaluate: (inputs, evaluateOptions) =>
      evaluate(compiled, inputs, evaluateOptions),
  };
}

function toInfo(definition: LoadedRuleDefinition): PolicyRuleInfo {
  const { violations: _violations, match: _match, ...info } = definition;
  return info;
}

function evaluate(
  rules: CompiledRule[],
  inputs: PolicyInput[],
  options: PolicyEvaluateOptions = {},
): PolicyReport {
  const profile: PolicyProfile = options.profile ?? 'default';
  const now = options.now ?? new Date();
  const active = rules.filter(
    ({ definition }) =>
      !definition.profiles || definition.profiles.includes(profile),
  );

  // Parse everything first: a malformed input fails the whole evaluation
  // with PolicyInputError instead of producing a partial report.
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

  const findings: PolicyFinding[] = collectFindings(runs, resources).map(
    ({ finding, subject }) =>
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
