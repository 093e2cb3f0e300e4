import {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { MAESTRO_ENTITY_RESOURCE_TYPE } from '@maestro-conductor/backstage-plugin-maestro-common';

/**
 * The portal's permission policy.
 *
 * - Everyone signed in may read, and Backstage's own (non-Maestro) actions
 *   stay open as in a fresh Backstage app.
 * - Maestro's actions (`maestro.*`) are allowed to members of the configured
 *   admin groups, and entity-scoped ones to the owners of the target entity:
 *   the decision is conditional on the catalog's `IS_ENTITY_OWNER` rule, which
 *   the permission framework evaluates against the entity the request names.
 * - Everything else of Maestro's (for example exporting the whole ledger) is
 *   for admins only.
 *
 * Service principals (plugins, CI with external access tokens) never reach a
 * policy: the framework allows them, limited by their `accessRestrictions`.
 */
export class MaestroPermissionPolicy implements PermissionPolicy {
  private readonly adminGroups: ReadonlySet<string>;

  constructor(
    private readonly options: {
      userInfo: UserInfoService;
      adminGroups: string[];
    },
  ) {
    this.adminGroups = new Set(
      options.adminGroups.map(ref => ref.toLocaleLowerCase('en-US')),
    );
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!permission.name.startsWith('maestro.')) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const ownership = await this.ownershipOf(user.credentials);
    if (ownership.some(ref => this.adminGroups.has(ref))) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isResourcePermission(permission, MAESTRO_ENTITY_RESOURCE_TYPE)) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims: ownership }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }

  private async ownershipOf(
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const info = await this.options.userInfo.getUserInfo(credentials);
    return info.ownershipEntityRefs.map(ref => ref.toLocaleLowerCase('en-US'));
  }
}
