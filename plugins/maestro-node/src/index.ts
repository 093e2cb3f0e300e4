/**
 * Engines shared by the Maestro backend plugin, its scaffolder module and its
 * command-line tools.
 *
 * @packageDocumentation
 */

export * from './ledger';
export * from './policy';
export * from './cli';
export * from './supplyChain';
export {
  DEFAULT_MAX_EXEMPTION_DAYS,
  readMaestroPolicyConfig,
} from './config/policyConfig';
export type {
  MaestroConfigReader,
  MaestroPolicyConfig,
} from './config/policyConfig';
export { jsonSyntaxReason } from './json/jsonSyntaxReason';
export * from './deployments';
export * from './gitops';
