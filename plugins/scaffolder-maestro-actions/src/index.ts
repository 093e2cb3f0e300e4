/**
 * Maestro's golden-path actions for the Backstage scaffolder.
 *
 * @packageDocumentation
 */

export { scaffolderModuleMaestro as default } from './module';
export { createMaestroCatalogAnnotateAction } from './actions/catalogAnnotate';
