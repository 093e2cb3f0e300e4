/**
 * Turns what a rule's `violations` expression returned into findings with
 * locations. A rule that fails at runtime, or returns something other than a
 * list of `{message, ...}` maps, yields a finding saying so at the rule's
 * severity: policy fails closed rather than silently passing.
 */
import type { LoadedRuleDefinition } from './ruleDefinition';
import type { ResourceView } from './kubernetesModel';
import type { PolicyFinding, PolicyLocation } from './types';
import type { FindingSubject } from './exemptions';

export type RuleRun = {
  rule: LoadedRuleDefinition;
  context: { file: string; resource?: ResourceView };
  result?: unknown;
  error?: string;
};

type Violation = {
  message?: unknown;
  path?: unknown;
  line?: unknown;
  image?: unknown;
  file?: unknown;
  resourceKey?: unknown;
};

export function collectFindings(
  runs: RuleRun[],
  resources: ResourceView[],
): Array<{ finding: PolicyFinding; subject: FindingSubject }> {
  const byKey = new Map(resources.map(view => [view.key, view]));
  const out: Array<{ finding: PolicyFinding; subject: FindingSubject }> = [];
  for (const { rule, context, result, error } of runs) {
    const finding = (
      message: string,
      location: PolicyLocation,
    ): PolicyFinding => ({
      ruleId: rule.id,
      severity: rule.severity,
      title: rule.title,
      message,
      remediation: rule.remediation,
      location,
    });
    const problem =
      error ??
      (Array.isArray(result) && result.every(isViolation)
        ? undefined
        : 'expected a list of maps with a string "message"');
    if (problem !== undefined) {
      out.push({
        finding: finding(
          `Rule could not be evaluated: ${problem}`,
          locate(context, {}, byKey),
        ),
        subject: {},
      });
      continue;
    }
    for (const violation of result as Violation[]) {
      out.push({
        finding: finding(
          violation.message as string,
          locate(context, violation, byKey),
        ),
        subject:
          typeof violation.image === 'string' ? { image: violation.image } : {},
      });
    }
  }
  return out;
}

function isViolation(value: unknown): value is Violation {
  return (
    !!value &&
    typeof value === 'object' &&
    typeof (value as Violation).message === 'string'
  );
}

function locate(
  context: RuleRun['context'],
  violation: Violation,
  byKey: Map<string, ResourceView>,
): PolicyLocation {
  const resource =
    context.resource ??
    (typeof violation.resourceKey === 'string'
      ? byKey.get(violation.resourceKey)
      : undefined);
  const file =
    typeof violation.file === 'string'
      ? violation.file
      : resource?.file ?? context.file;
  if (!resource) {
    return {
      file,
      ...(typeof violation.line === 'number' ? { line: violation.line } : {}),
    };
  }
  return {
    file,
    ...(resource.line !== undefined ? { line: resource.line } : {}),
    resource: {
      ...(resource.apiVersion ? { apiVersion: resource.apiVersion } : {}),
      kind: resource.kind,
      ...(resource.namespace ? { namespace: resource.namespace } : {}),
      name: resource.name,
    },
    jsonPath: typeof violation.path === 'string' ? violation.path : '$',
    ...(resource.template ? { template: resource.template } : {}),
    ...(resource.overlay ? { overlay: resource.overlay } : {}),
  };
}
