export {
  DuplicateExemption,
  policyExemptionDuplicates,
} from './DuplicateExemption';
