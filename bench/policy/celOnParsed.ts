/**
 * The engine's rule loop (engine.ts `evaluate`) without parsing: compiled CEL
 * rules run over resource views built beforehand, so the benchmark can time
 * rule evaluation alone. It must find as many violations as the engine does.
 */
import {
  builtInRuleFiles,
  celBindings,
  compileExpression,
  isProduction,
  namespaceViews,
  parseRuleFile,
  type ResourceView,
} from '@maestro-conductor/backstage-plugin-maestro-node/alpha';

export type ParsedRunner = (views: ResourceView[]) => number;

/** Compiles the built-in Kubernetes rules (optionally only `ids`) once. */
export function celOnParsed(ids?: string[]): ParsedRunner {
  const rules = builtInRuleFiles
    .flatMap(([origin, text]) => parseRuleFile(text, origin))
    .filter(rule => rule.kind === 'kubernetes')
    .filter(rule => !ids || ids.includes(rule.id))
    .map(rule => ({
      rule,
      run: compileExpression(rule.violations, rule.id, 'violations'),
    }));
  const resourceRules = rules.filter(({ rule }) => rule.scope === 'resource');
  const setRules = rules.filter(({ rule }) => rule.scope === 'set');

  return views => {
    let violations = 0;
    for (const view of views) {
      const bindings = celBindings({
        resource: view,
        workload: view.workload,
        profile: 'default',
        prod: isProduction(view, 'default'),
      });
      for (const { rule, run } of resourceRules) {
        if (rule.match?.kinds && !rule.match.kinds.includes(view.kind))
          continue;
        if (rule.match?.workloads && !view.workload) continue;
        violations += (run(bindings) as unknown[]).length;
      }
    }
    if (setRules.length > 0) {
      const bindings = celBindings({
        resources: views,
        namespaces: namespaceViews(views),
        profile: 'default',
      });
      for (const { run } of setRules) {
        violations += (run(bindings) as unknown[]).length;
      }
    }
    return violations;
  };
}
