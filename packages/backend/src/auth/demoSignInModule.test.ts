import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import authPlugin from '@backstage/plugin-auth-backend';
import request from 'supertest';
import { DEMO_USER_HEADER, demoSignInModule } from './demoSignInModule';

jest.setTimeout(60_000);

function tokenSubject(token: string): string {
  const payload = token.split('.')[1];
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')).sub;
}

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments-team' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'search-team' },
    spec: { type: 'team', children: [] },
  },
  ...[
    ['ada-lovelace', 'payments-team'],
    ['edsger-dijkstra', 'search-team'],
  ].map(([name, group]) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name },
    spec: { memberOf: [group] },
    relations: [{ type: 'memberOf', targetRef: `group:default/${group}` }],
  })),
];

async function startAuth(demo: {
  users: string[];
  dangerouslyAllowOutsideDevelopment?: boolean;
}) {
  const { server } = await startTestBackend({
    features: [
      authPlugin,
      demoSignInModule,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          auth: { providers: { demo } },
        },
      }),
    ],
  });
  return server;
}

function refresh(server: any, user?: string) {
  const req = request(server)
    .get('/api/auth/demo/refresh')
    .set('X-Requested-With', 'XMLHttpRequest');
  return user ? req.set(DEMO_USER_HEADER, user) : req;
}

describe('demo sign-in', () => {
  const demo = {
    users: ['ada-lovelace', 'edsger-dijkstra'],
    // Jest does not run in a development environment.
    dangerouslyAllowOutsideDevelopment: true,
  };

  it('signs in a listed demo user as the catalog user, with its groups', async () => {
    const server = await startAuth(demo);
    const res = await refresh(server, 'edsger-dijkstra');
    expect(res.status).toBe(200);
    const identity = res.body.backstageIdentity;
    expect(identity.identity.userEntityRef).toBe(
      'user:default/edsger-dijkstra',
    );
    expect(identity.identity.ownershipEntityRefs).toEqual(
      expect.arrayContaining(['group:default/search-team']),
    );
    expect(identity.identity.ownershipEntityRefs).not.toContain(
      'group:default/payments-team',
    );
    expect(tokenSubject(identity.token)).toBe('user:default/edsger-dijkstra');
  });

  it('refuses a user who is not on the demo list', async () => {
    const server = await startAuth(demo);
    const res = await refresh(server, 'grace-hopper');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/not a demo user/);
  });

  it('asks for the user when the header is missing', async () => {
    const server = await startAuth(demo);
    const res = await refresh(server);
    expect(res.status).toBe(400);
  });

  it('refuses everyone outside development unless explicitly allowed', async () => {
    const server = await startAuth({ users: ['ada-lovelace'] });
    const res = await refresh(server, 'ada-lovelace');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/outside of a development/);
  });
});
