import { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * How a principal is named in the ledger: the user's entity ref, or
 * `service:<subject>` for plugins and external callers such as CI.
 */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as
    | { type: 'user'; userEntityRef: string }
    | { type: 'service'; subject: string }
    | { type: 'none' };
  switch (principal.type) {
    case 'user':
      return principal.userEntityRef;
    case 'service':
      return `service:${principal.subject}`;
    default:
      return 'anonymous';
  }
}
