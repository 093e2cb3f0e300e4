export { ExemptionExpiry, exemptionState } from './ExemptionExpiry';
export type { ExemptionState } from './ExemptionExpiry';
