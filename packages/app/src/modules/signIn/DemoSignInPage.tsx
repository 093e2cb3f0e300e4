/*
 * The local portal's sign-in page: Guest (Backstage's guest provider, mapped
 * to Ada) and one card per demo user of `auth.providers.demo.users`, each
 * signed in through the backend's `demo` provider as that catalog user (see
 * packages/backend/src/auth/demoSignInModule.ts). The chosen user is kept in
 * local storage so a reload stays signed in, and forgotten on sign-out so
 * the next person can choose again.
 */
import {
  Content,
  Header,
  InfoCard,
  Page,
  ProxiedSignInPage,
} from '@backstage/core-components';
import {
  ConfigApi,
  configApiRef,
  IdentityApi,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';

/** Matches DEMO_USER_HEADER in packages/backend/src/auth/demoSignInModule.ts. */
const DEMO_USER_HEADER = 'X-Maestro-Demo-User';
const STORAGE_KEY = 'maestro.demoSignIn';

type Choice = { provider: 'guest' } | { provider: 'demo'; user: string };

export type DemoUser = { name: string; title: string; description?: string };

function titleOf(name: string): string {
  return name
    .split('-')
    .map(part => part.charAt(0).toLocaleUpperCase('en-US') + part.slice(1))
    .join(' ');
}

/** Demo users from `auth.providers.demo.users` (names or `{ name, description }`). */
export function readDemoUsers(config: ConfigApi): DemoUser[] {
  const users = config.getOptional<unknown[]>('auth.providers.demo.users');
  return (users ?? []).flatMap((entry: unknown) => {
    const { name, description } =
      typeof entry === 'string'
        ? { name: entry, description: undefined }
        : (entry as { name?: string; description?: string });
    return name ? [{ name, title: titleOf(name), description }] : [];
  });
}

function storedChoice(): Choice | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    return value?.provider === 'guest' ||
      (value?.provider === 'demo' && typeof value.user === 'string')
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}

/** Forgets the choice when the user signs out. */
function forgetOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      localStorage.removeItem(STORAGE_KEY);
      await identity.signOut();
    },
  };
}

export function DemoSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const users = readDemoUsers(config);
  const [choice, setChoice] = useState<Choice | undefined>(storedChoice);

  if (choice) {
    return (
      <ProxiedSignInPage
        key={choice.provider === 'demo' ? choice.user : 'guest'}
        provider={choice.provider}
        {...(choice.provider === 'demo' && {
          headers: { [DEMO_USER_HEADER]: choice.user },
        })}
        onSignInSuccess={identity => {
          localStorage.setItem(STORAGE_KEY, JSON.stringify(choice));
          props.onSignInSuccess(forgetOnSignOut(identity));
        }}
        ErrorComponent={({ error }) => (
          <Page themeId="home">
            <Header title="Sign-in failed" />
            <Content>
              <InfoCard title="Could not sign in">
                <Typography paragraph>{error?.message}</Typography>
                <Button
                  variant="outlined"
                  color="primary"
                  onClick={() => {
                    localStorage.removeItem(STORAGE_KEY);
                    setChoice(undefined);
                  }}
                >
                  Choose another user
                </Button>
              </InfoCard>
            </Content>
          </Page>
        )}
      />
    );
  }

  const choose = (next: Choice) => setChoice(next);
  return (
    <Page themeId="home">
      <Header
        title={config.getOptionalString('app.title') ?? 'Backstage'}
        subtitle="Sign in"
      />
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12} sm={6} md={4}>
            <InfoCard
              title="Guest"
              variant="fullHeight"
              actions={
                <Button
                  color="primary"
                  variant="outlined"
                  onClick={() => choose({ provider: 'guest' })}
                >
                  Enter
                </Button>
              }
            >
              <Typography variant="body1">
                Sign in as the guest (mapped to the demo user Ada Lovelace).
              </Typography>
            </InfoCard>
          </Grid>
          {users.map(user => (
            <Grid item xs={12} sm={6} md={4} key={user.name}>
              <InfoCard
                title={user.title}
                subheader={`user:default/${user.name}`}
                variant="fullHeight"
                actions={
                  <Button
                    color="primary"
                    variant="outlined"
                    onClick={() =>
                      choose({ provider: 'demo', user: user.name })
                    }
                  >
                    Sign in as {user.title}
                  </Button>
                }
              >
                <Typography variant="body1">
                  {user.description ?? 'Demo user'}
                </Typography>
              </InfoCard>
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}
