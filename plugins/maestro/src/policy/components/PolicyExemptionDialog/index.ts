export { PolicyExemptionDialog } from './PolicyExemptionDialog';
export { RevokePolicyExemptionButton } from './RevokePolicyExemptionButton';
export { selectorOfFinding } from './policyExemptionForm';
export type { ExemptionSelector } from './policyExemptionForm';
