/**
 * The factories the plugin wires its capabilities with, for building one
 * capability outside the plugin: the benchmarks in `bench/` measure the
 * Build HUD and supply-chain ingestion through them, on a database they
 * migrate themselves. Installing Maestro needs only the default export of
 * the main entry. No stability promise.
 *
 * @packageDocumentation
 */

export { createHud, type Hud } from './hud/createHud';
export { EntitySignalPublisher } from './signals/EntitySignalPublisher';
export {
  createChangeRecording,
  type ChangeRecording,
} from './createChangeRecording';
export {
  createSupplyChain,
  type SupplyChain,
} from './supplyChain/createSupplyChain';
