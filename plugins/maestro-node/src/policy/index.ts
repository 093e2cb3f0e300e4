export * from './types';
export { createPolicyEngine, type PolicyEngineOptions } from './engine';
export { parseExemptions } from './exemptions';
export { PolicyInputError } from './errors';
export {
  policyRuleDefinitionSchema,
  type PolicyRuleDefinition,
} from './ruleDefinition';
export * from './helm';
export { formatRulesMarkdown, RULES_TABLE_MARKERS } from './rulesTable';
