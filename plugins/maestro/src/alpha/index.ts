/**
 * The Maestro plugin for Backstage's new frontend system.
 *
 * @packageDocumentation
 */

export { maestroPlugin as default } from './plugin';
