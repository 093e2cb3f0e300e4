/**
 * The factories the plugin wires its capabilities with, for building one
 * capability outside the plugin: the benchmarks in `bench/` measure the
 * Build HUD, supply-chain ingestion and release channels through them, on a database they
 * migrate themselves. Installing Maestro needs only the default export of
 * the main entry. No stability promise.
 *
 * @packageDocumentation
 */

export { createHud, type Hud } from './hud/createHud';
export { createPolicy } from './policy/createPolicy';
export { createReleases } from './releases/createReleases';
export { DeploymentSources } from './deployments/DeploymentSources';
export { EntitySignalPublisher } from './signals/EntitySignalPublisher';
export {
  createChangeRecording,
  type ChangeRecording,
} from './createChangeRecording';
export {
  createSupplyChain,
  type SupplyChain,
} from './supplyChain/createSupplyChain';
