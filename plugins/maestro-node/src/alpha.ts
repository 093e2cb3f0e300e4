/**
 * The policy engine's stages one at a time: YAML into resource views, rule
 * files into definitions, CEL compiled and run over bindings. The engine
 * (`createPolicyEngine` in the main entry) is what callers use; these exist
 * so that `bench/policy` can time each stage on its own. No stability
 * promise.
 *
 * @packageDocumentation
 */

export {
  namespaceViews,
  parseManifests,
  type NamespaceView,
  type ResourceView,
  type WorkloadView,
} from './policy/kubernetesModel';
export {
  celBindings,
  compileExpression,
  type CelBindings,
  type CompiledExpression,
} from './policy/cel';
export { isProduction } from './policy/engine';
export {
  parseRuleFile,
  policyRuleDefinitionSchema,
  type LoadedRuleDefinition,
} from './policy/ruleDefinition';
export { builtInRuleFiles } from './policy/rules';
