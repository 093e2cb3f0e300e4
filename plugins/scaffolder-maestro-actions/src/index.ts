/**
 * Maestro's golden-path actions for the Backstage scaffolder.
 *
 * @packageDocumentation
 */

export { scaffolderModuleMaestro as default } from './module';
export { createMaestroCatalogAnnotateAction } from './actions/catalogAnnotate';
export {
  createMaestroPublishLocalAction,
  localRepositoriesDirectory,
} from './actions/publishLocal';
export { createMaestroCatalogRegisterLocalAction } from './actions/catalogRegisterLocal';
export { createMaestroTurboRegisterAction } from './actions/turboRegister';
export {
  createMaestroPolicyCheckAction,
  type MaestroPolicyCheckActionOptions,
} from './actions/policyCheck';
export {
  createMaestroHelmCreateAction,
  type MaestroHelmCreateActionOptions,
} from './actions/helmCreate';
export { createMaestroDockerfileCreateAction } from './actions/dockerfileCreate';
