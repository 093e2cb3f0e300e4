import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { MaestroPermissionPolicy } from './MaestroPermissionPolicy';

/** Installs {@link MaestroPermissionPolicy}, reading `maestro.permissions.adminGroups`. */
export const maestroPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'maestro-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        policy: policyExtensionPoint,
      },
      async init({ config, userInfo, policy }) {
        const adminGroups =
          config.getOptionalStringArray('maestro.permissions.adminGroups') ??
          [];
        policy.setPolicy(
          new MaestroPermissionPolicy({ userInfo, adminGroups }),
        );
      },
    });
  },
});
