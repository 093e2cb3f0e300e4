import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  maestroArtifactReassignPermission,
  maestroLedgerExportPermission,
  maestroPromotePermission,
  maestroRolloutAbortPermission,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { MaestroPermissionPolicy } from './MaestroPermissionPolicy';

function policyFor(ownershipEntityRefs: string[]) {
  return new MaestroPermissionPolicy({
    userInfo: mockServices.userInfo({ ownershipEntityRefs }),
    adminGroups: ['Group:default/Platform-Admins'],
  });
}

const user = (ref: string) => ({
  credentials: mockCredentials.user(ref),
  info: { userEntityRef: ref, ownershipEntityRefs: [] },
});

describe('MaestroPermissionPolicy', () => {
  describe('for a member of the payments team (an owner, not an admin)', () => {
    const policy = policyFor([
      'user:default/ada-lovelace',
      'group:default/payments-team',
    ]);
    const ada = user('user:default/ada-lovelace');

    it('allows promoting only on entities the team owns (conditional on ownership)', async () => {
      const decision = await policy.handle(
        { permission: maestroPromotePermission },
        ada,
      );
      expect(decision).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: {
            claims: [
              'user:default/ada-lovelace',
              'group:default/payments-team',
            ],
          },
        },
      });
    });

    it('denies exporting the whole ledger', async () => {
      const decision = await policy.handle(
        { permission: maestroLedgerExportPermission },
        ada,
      );
      expect(decision).toEqual({ result: AuthorizeResult.DENY });
    });

    it('denies reassigning an artifact to another entity, even one the team owns', async () => {
      const decision = await policy.handle(
        { permission: maestroArtifactReassignPermission },
        ada,
      );
      expect(decision).toEqual({ result: AuthorizeResult.DENY });
    });

    it("leaves Backstage's own permissions open", async () => {
      const decision = await policy.handle(
        { permission: catalogEntityDeletePermission },
        ada,
      );
      expect(decision).toEqual({ result: AuthorizeResult.ALLOW });
    });
  });

  describe('for a member of an admin group', () => {
    const policy = policyFor([
      'user:default/root',
      'group:default/platform-admins',
    ]);
    const admin = user('user:default/root');

    it.each([
      maestroPromotePermission,
      maestroRolloutAbortPermission,
      maestroLedgerExportPermission,
      maestroArtifactReassignPermission,
    ])('allows $name on anything', async permission => {
      expect(await policy.handle({ permission }, admin)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    });
  });

  it('denies Maestro actions to requests without a user', async () => {
    const policy = policyFor([]);
    expect(
      await policy.handle({ permission: maestroPromotePermission }),
    ).toEqual({
      result: AuthorizeResult.DENY,
    });
  });
});
