import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * Throws NotAllowedError (HTTP 403) unless the permission framework allows the
 * action. Entity-scoped permissions pass the entity ref as `resourceRef`, and
 * the framework resolves conditional decisions (such as "owner of the
 * entity") against the catalog.
 */
export async function requirePermission(
  options:
    | {
        permissions: PermissionsService;
        credentials: BackstageCredentials;
        permission: BasicPermission;
      }
    | {
        permissions: PermissionsService;
        credentials: BackstageCredentials;
        permission: ResourcePermission;
        resourceRef: string;
      },
): Promise<void> {
  const { permissions, credentials, permission } = options;
  const request: AuthorizePermissionRequest =
    'resourceRef' in options
      ? { permission: options.permission, resourceRef: options.resourceRef }
      : { permission: options.permission as BasicPermission };
  const [decision] = await permissions.authorize([request], { credentials });
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(`Not allowed to ${permission.name}`);
  }
}
