/**
 * Shared types, permissions, signal channels and catalog annotations of the
 * Maestro plugin suite. No I/O lives here.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './entityRefs';
export * from './exemptionIdentity';
export * from './gates';
export * from './hud';
export * from './images';
export * from './inputSchemas';
export * from './ledger';
export * from './permissions';
export * from './policy';
export * from './releases';
export * from './services';
export * from './signals';
export * from './supplyChain';
export * from './supplyChainApi';
