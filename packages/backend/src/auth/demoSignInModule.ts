/*
 * Demo sign-in for the local portal: pick one of the configured demo users
 * (an owner, a second member of the owning team, an outsider, an admin) so
 * permission refusals can be tried by hand and in the e2e. Each is signed in
 * as the catalog user of that name, so ownership comes from the catalog's
 * real group membership, exactly as with a real identity provider.
 *
 * The browser names the user in the `X-Maestro-Demo-User` header of the
 * provider's refresh call (ProxiedSignInPage passes it); only names listed in
 * `auth.providers.demo.users` are accepted. Like Backstage's guest provider,
 * it refuses to work outside development unless
 * `dangerouslyAllowOutsideDevelopment` is set (the e2e does, for a built
 * backend), and production configuration does not configure it at all.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** The header that names the demo user. */
export const DEMO_USER_HEADER = 'x-maestro-demo-user';

type DemoContext = { users: ReadonlySet<string>; disabled: boolean };

function readDemoContext(config: Config): DemoContext {
  // Each entry is a user name or `{ name, description }` (the description
  // is shown on the sign-in page).
  const entries = config.getOptional<unknown[]>('users') ?? [];
  const users = entries.flatMap(entry => {
    const name =
      typeof entry === 'string' ? entry : (entry as { name?: unknown })?.name;
    return typeof name === 'string' ? [name.toLocaleLowerCase('en-US')] : [];
  });
  const outsideDevelopment = process.env.NODE_ENV !== 'development';
  const allowed =
    config.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') === true;
  return { users: new Set(users), disabled: outsideDevelopment && !allowed };
}

/** The demo user a refresh request names, checked against the configured list. */
export const demoAuthenticator = createProxyAuthenticator<
  DemoContext,
  { userName: string },
  unknown
>({
  defaultProfileTransform: async result => ({
    profile: { displayName: result.userName },
  }),
  initialize({ config }) {
    return readDemoContext(config);
  },
  async authenticate({ req }, ctx) {
    if (ctx.disabled) {
      throw new NotAllowedError(
        "The demo sign-in cannot be used outside of a development environment unless 'auth.providers.demo.dangerouslyAllowOutsideDevelopment' is enabled",
      );
    }
    const header = req.header(DEMO_USER_HEADER);
    if (!header) {
      throw new InputError(
        `Name the demo user in the ${DEMO_USER_HEADER} header`,
      );
    }
    const userName = header.trim().toLocaleLowerCase('en-US');
    if (!ctx.users.has(userName)) {
      throw new NotAllowedError(
        `${userName} is not a demo user (auth.providers.demo.users)`,
      );
    }
    return { result: { userName } };
  },
});

/** Registers the `demo` auth provider. */
export const demoSignInModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'maestro-demo-sign-in',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'demo',
          factory: createProxyAuthProviderFactory({
            authenticator: demoAuthenticator,
            // The catalog user of that name: its groups give the ownership.
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({
                entityRef: stringifyEntityRef({
                  kind: 'user',
                  namespace: 'default',
                  name: result.userName,
                }),
              }),
          }),
        });
      },
    });
  },
});
