/**
 * The built-in rule pack. Rules are YAML data; they are kept as TypeScript
 * string modules only because the Backstage build bundles `.ts`, not `.yaml`.
 */
import { dockerfileRules } from './dockerfile';
import { kubernetesRules } from './kubernetes';
import { kubernetesSetRules } from './kubernetesSet';

/** `[origin, yaml]` pairs, in load order. @alpha */
export const builtInRuleFiles: ReadonlyArray<readonly [string, string]> = [
  ['built-in:rules/dockerfile', dockerfileRules],
  ['built-in:rules/kubernetes', kubernetesRules],
  ['built-in:rules/kubernetesSet', kubernetesSetRules],
];
