export * from './types';
export {
  createPolicyEngine,
  evaluatePolicy,
  type MaestroPolicyEngine,
  type PolicyEngineOptions,
} from './engine';
export * from './opa';
export { parseExemptions } from './exemptions';
export { PolicyInputError } from './errors';
export {
  policyRuleDefinitionSchema,
  type PolicyRuleDefinition,
} from './ruleDefinition';
export * from './helm';
export { formatRulesMarkdown, RULES_TABLE_MARKERS } from './rulesTable';
