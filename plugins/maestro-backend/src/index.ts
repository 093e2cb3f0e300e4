/**
 * The Maestro backend plugin: audit ledger, permissions and the APIs behind
 * the Maestro portal pages.
 *
 * @packageDocumentation
 */

export { maestroPlugin as default } from './plugin';
