export { AddExemptionButton } from './AddExemptionButton';
export { ExemptionDialog, useMaxExemptionDays } from './ExemptionDialog';
export type {
  ExemptionDialogProps,
  ExemptionSubjectErrors,
} from './ExemptionDialog';
export { ExemptionManageAccess } from './ExemptionManageAccess';
export type { ExemptionAccess } from './ExemptionManageAccess';
export { RevokeExemptionButton } from './RevokeExemptionButton';
export { backendMessage } from './backendMessage';
export * from './exemptionTerms';
