/**
 * Engines shared by the Maestro backend plugin, its scaffolder module and its
 * command-line tools.
 *
 * @packageDocumentation
 */

export * from './ledger';
export * from './policy';
export * from './cli';
