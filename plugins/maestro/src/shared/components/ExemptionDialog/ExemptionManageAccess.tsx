import { useApiHolder } from '@backstage/core-plugin-api';
import {
  permissionApiRef,
  usePermission,
} from '@backstage/plugin-permission-react';
import { maestroExemptionManagePermission } from '@maestro-conductor/backstage-plugin-maestro-common';
import { ReactNode } from 'react';

/** Whether the user may add and revoke an entity's exemptions, and why not. */
export type ExemptionAccess = {
  allowed: boolean;
  loading: boolean;
  /** Why the actions are unavailable; undefined when allowed. */
  reason?: string;
};

type Props = {
  entityRef: string;
  children: (access: ExemptionAccess) => ReactNode;
};

const DENIED =
  "Only the entity's owners and policy administrators may manage its exemptions (permission maestro.exemption.manage).";

function CheckedAccess(props: Props) {
  const { allowed, loading, error } = usePermission({
    permission: maestroExemptionManagePermission,
    resourceRef: props.entityRef,
  });
  let reason: string | undefined;
  if (loading) {
    reason = 'Checking whether you may manage exemptions…';
  } else if (error) {
    reason = `Could not check whether you may manage exemptions: ${error.message}`;
  } else if (!allowed) {
    reason = DENIED;
  }
  return <>{props.children({ allowed, loading, reason })}</>;
}

/**
 * Hands its children the user's `maestro.exemption.manage` standing on one
 * entity. The backend checks the same permission on every change; this only
 * spares people buttons that would fail.
 *
 * Apps register a permission API by default; where none is (a bare test
 * harness), the actions stay unavailable instead of the page failing.
 */
export function ExemptionManageAccess(props: Props) {
  const permissionApi = useApiHolder().get(permissionApiRef);
  if (!permissionApi) {
    return (
      <>
        {props.children({
          allowed: false,
          loading: false,
          reason:
            'The app has no permission API, so Maestro cannot tell whether you may manage exemptions.',
        })}
      </>
    );
  }
  return <CheckedAccess {...props} />;
}
