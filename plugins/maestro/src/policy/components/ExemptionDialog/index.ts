export { AddExemptionButton } from './AddExemptionButton';
export { ExemptionDialog } from './ExemptionDialog';
export { ExemptionManageAccess } from './ExemptionManageAccess';
export type { ExemptionAccess } from './ExemptionManageAccess';
export { RevokeExemptionButton } from './RevokeExemptionButton';
export { selectorOfFinding } from './exemptionForm';
export type { ExemptionSelector } from './exemptionForm';
