export { OpaDecisionError } from './client';
export { DEFAULT_OPA_TIMEOUT_MS, type OpaDelegationOptions } from './options';
export type { OpaDockerCommand, OpaPolicyInput } from './input';
