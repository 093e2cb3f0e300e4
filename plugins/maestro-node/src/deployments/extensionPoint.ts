import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { DeploymentSource } from './types';

/**
 * Adds deployment sources to the Maestro backend plugin.
 *
 * @public
 */
export interface MaestroDeploymentSourcesExtensionPoint {
  /** Adds a source; its `id` must be unique among all added sources. */
  addDeploymentSource(source: DeploymentSource): void;
}

/**
 * The extension point through which backend modules of the `maestro` plugin
 * add deployment sources (Argo CD, Argo Rollouts, ...):
 *
 * ```ts
 * export const maestroModuleArgoCd = createBackendModule({
 *   pluginId: 'maestro',
 *   moduleId: 'argocd',
 *   register(env) {
 *     env.registerInit({
 *       deps: {
 *         sources: maestroDeploymentSourcesExtensionPoint,
 *         config: coreServices.rootConfig,
 *       },
 *       async init({ sources, config }) {
 *         sources.addDeploymentSource(ArgoCdDeploymentSource.fromConfig(config));
 *       },
 *     });
 *   },
 * });
 * ```
 *
 * @public
 */
export const maestroDeploymentSourcesExtensionPoint =
  createExtensionPoint<MaestroDeploymentSourcesExtensionPoint>({
    id: 'maestro.deployment-sources',
  });
