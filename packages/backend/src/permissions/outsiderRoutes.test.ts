/*
 * Every mutating Maestro route, tried by an outsider against the portal's
 * real permission policy (MaestroPermissionPolicy). The permission service
 * handed to Maestro asks that policy and resolves its one conditional rule,
 * the catalog's IS_ENTITY_OWNER, against the fixture entity's owner, as the
 * catalog's apply-conditions endpoint does; ownership claims come from a
 * user-info service that plays the auth backend's part (the `ent` claims it
 * issues from group membership). The full catalog and permission backends
 * are not started: in a test backend their mock service tokens are refused
 * by the catalog's apply-conditions endpoint.
 *
 * The owner makes the same calls first where a route needs something to act
 * on (an exemption to revoke), and a positive control shows the owner is let
 * through, so a 403 here means "refused", not "broken".
 */
import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  AuthorizeResult,
  Permission,
} from '@backstage/plugin-permission-common';
import maestroPlugin from '@maestro-conductor/backstage-plugin-maestro-backend';
import request from 'supertest';
import { MaestroPermissionPolicy } from './MaestroPermissionPolicy';

jest.setTimeout(120_000);

const ADA = 'user:default/ada-lovelace';
const EDSGER = 'user:default/edsger-dijkstra';
const GRACE = 'user:default/grace-hopper';

/** What the auth backend would put in each user's token (memberOf). */
const OWNERSHIP: Record<string, string[]> = {
  [ADA]: [ADA, 'group:default/payments-team'],
  [EDSGER]: [EDSGER, 'group:default/search-team'],
  [GRACE]: [
    GRACE,
    'group:default/payments-team',
    'group:default/platform-admins',
  ],
};

const CATALOG_ENTITY = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: {
      'maestro.io/image': 'ghcr.io/acme/payments-api',
      'github.com/project-slug': 'acme/payments-api',
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/payments-team',
  },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
};

const userInfo = {
  async getUserInfo(credentials: BackstageCredentials) {
    const { userEntityRef } = credentials.principal as {
      userEntityRef: string;
    };
    return {
      userEntityRef,
      ownershipEntityRefs: OWNERSHIP[userEntityRef] ?? [userEntityRef],
    };
  },
};

/** The catalog's IS_ENTITY_OWNER rule on the fixture entity. */
function isEntityOwner(resourceRef: string, claims: string[]): boolean {
  const entityRef = `component:default/${CATALOG_ENTITY.metadata.name}`;
  if (resourceRef.toLocaleLowerCase('en-US') !== entityRef) return false;
  return CATALOG_ENTITY.relations.some(
    relation =>
      relation.type === 'ownedBy' && claims.includes(relation.targetRef),
  );
}

/** A permissions service deciding by the policy, as the permission backend would. */
function permissionsThrough(policy: MaestroPermissionPolicy) {
  const decide = async (
    query: { permission: Permission; resourceRef?: string },
    credentials: BackstageCredentials,
  ) => {
    const user =
      credentials.principal && (credentials.principal as any).type === 'user'
        ? {
            credentials,
            info: await userInfo.getUserInfo(credentials),
          }
        : undefined;
    if (!user) return { result: AuthorizeResult.ALLOW };
    const decision = await policy.handle(
      { permission: query.permission },
      user as any,
    );
    if (decision.result !== AuthorizeResult.CONDITIONAL) return decision;
    const condition = decision.conditions as {
      rule?: string;
      params?: { claims?: string[] };
    };
    if (condition.rule !== 'IS_ENTITY_OWNER' || !query.resourceRef) {
      throw new Error(`Unexpected condition ${JSON.stringify(condition)}`);
    }
    return {
      result: isEntityOwner(query.resourceRef, condition.params?.claims ?? [])
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    };
  };
  return {
    async authorize(
      requests: Array<{ permission: Permission; resourceRef?: string }>,
      options: { credentials: BackstageCredentials },
    ) {
      return Promise.all(requests.map(r => decide(r, options.credentials)));
    },
    async authorizeConditional(): Promise<never> {
      throw new Error('Maestro does not ask for conditional decisions');
    },
  } as any;
}

const DIGEST = `sha256:${'a'.repeat(64)}`;
const ENTITY = 'component:default/payments-api';
const IN_A_MONTH = () => new Date(Date.now() + 30 * 86_400_000).toISOString();

type Call = {
  name: string;
  method: 'post' | 'delete';
  path: string;
  body?: object;
  contentType?: string;
};

const exemption = {
  entityRef: ENTITY,
  ruleId: 'MAESTRO-K8S-001',
  owner: 'group:default/payments-team',
  reason: 'The init container needs root for a week',
  ticket: 'SEC-42',
};

const vulnerabilityExemption = {
  entityRef: ENTITY,
  vulnerabilityId: 'CVE-2021-44228',
  owner: 'group:default/payments-team',
  reason: 'Not reachable: JNDI lookups are disabled',
  ticket: 'SEC-43',
};

/** The mutating routes and a body each would accept from an owner. */
function mutatingCalls(ids: {
  policyExemption: string;
  vulnerabilityExemption: string;
  artifact: string;
}): Call[] {
  return [
    {
      name: 'store a policy result',
      method: 'post',
      path: '/api/maestro/policy/evaluate',
      body: {
        entityRef: ENTITY,
        imageDigest: DIGEST,
        store: true,
        inputs: [
          {
            kind: 'dockerfile',
            path: 'Dockerfile',
            content: 'FROM node:22\nUSER 10001\n',
          },
        ],
      },
    },
    {
      name: 'create a policy exemption',
      method: 'post',
      path: '/api/maestro/policy/exemptions',
      body: { ...exemption, expiresAt: IN_A_MONTH() },
    },
    {
      name: 'revoke a policy exemption',
      method: 'delete',
      path: `/api/maestro/policy/exemptions/${ids.policyExemption}`,
    },
    {
      name: 'bypass policy',
      method: 'post',
      path: '/api/maestro/policy/bypass',
      body: {
        entityRef: ENTITY,
        imageDigest: DIGEST,
        reason: 'Production is down and the fix is ready',
      },
    },
    {
      name: 'register an artifact',
      method: 'post',
      path: '/api/maestro/supply-chain/artifacts',
      body: {
        entityRef: ENTITY,
        repository: 'ghcr.io/acme/payments-api',
        digest: `sha256:${'b'.repeat(64)}`,
      },
    },
    {
      name: 'upload evidence',
      method: 'post',
      path: `/api/maestro/supply-chain/evidence?entityRef=${ENTITY}&image=ghcr.io/acme/payments-api@${DIGEST}`,
      body: { bomFormat: 'CycloneDX', specVersion: '1.5', components: [] },
    },
    {
      name: 'create a vulnerability exemption',
      method: 'post',
      path: '/api/maestro/supply-chain/exemptions',
      body: { ...vulnerabilityExemption, expiresAt: IN_A_MONTH() },
    },
    {
      name: 'revoke a vulnerability exemption',
      method: 'delete',
      path: `/api/maestro/supply-chain/exemptions/${ids.vulnerabilityExemption}`,
    },
    {
      name: 'send a build event',
      method: 'post',
      path: '/api/maestro/hud/events',
      body: {
        eventId: 'outsider-1',
        entityRef: ENTITY,
        provider: 'github-actions',
        runId: '1',
        status: 'succeeded',
        occurredAt: new Date().toISOString(),
      },
    },
    {
      name: 'send a Tekton CloudEvent',
      method: 'post',
      path: '/api/maestro/hud/cloudevents',
      contentType: 'application/cloudevents+json',
      body: {
        specversion: '1.0',
        id: 'outsider-ce-1',
        source: '/apis/tekton.dev/v1/namespaces/ci/pipelineruns/run-1',
        type: 'dev.tekton.event.pipelinerun.successful.v1',
        time: new Date().toISOString(),
        data: {
          pipelineRun: {
            metadata: {
              name: 'run-1',
              namespace: 'ci',
              uid: 'u-1',
              labels: { 'backstage.io/entity-ref': ENTITY },
              annotations: { 'maestro.io/entity-ref': ENTITY },
            },
            spec: { pipelineRef: { name: 'payments-api' } },
            status: {
              conditions: [{ type: 'Succeeded', status: 'True' }],
            },
          },
        },
      },
    },
    // Release channels are not configured here: a caller who passes the
    // permission check gets 503, one who does not gets 403 first.
    {
      name: 'promote to a channel',
      method: 'post',
      path: '/api/maestro/releases/promotions',
      body: {
        entityRef: ENTITY,
        channel: 'dev',
        artifactId: '6f1c1b0e-8f5e-4d2a-9a57-3f7f3c1f0b11',
      },
    },
    {
      name: 'roll a channel back',
      method: 'post',
      path: '/api/maestro/releases/rollbacks',
      body: { entityRef: ENTITY, channel: 'dev', revision: 1 },
    },
    {
      name: 'approve a release',
      method: 'post',
      path: '/api/maestro/releases/approvals',
      body: {
        entityRef: ENTITY,
        channel: 'prod',
        artifactId: '6f1c1b0e-8f5e-4d2a-9a57-3f7f3c1f0b11',
      },
    },
    ...(ids.artifact
      ? [
          {
            name: 'reassign an artifact',
            method: 'post' as const,
            path: `/api/maestro/supply-chain/artifacts/${ids.artifact}/reassign`,
            body: { entityRef: ENTITY, reason: 'Claimed by the wrong team' },
          },
        ]
      : []),
  ];
}

function send(server: any, call: Call, user: string) {
  const req = request(server)
    [call.method](call.path)
    .set('Authorization', mockCredentials.user.header(user));
  if (!call.body) return req;
  return req
    .set('Content-Type', call.contentType ?? 'application/json')
    .send(JSON.stringify(call.body));
}

describe('an outsider on every mutating Maestro route', () => {
  let server: any;

  beforeAll(async () => {
    const policy = new MaestroPermissionPolicy({
      userInfo,
      adminGroups: ['group:default/platform-admins'],
    });
    ({ server } = await startTestBackend({
      features: [
        maestroPlugin,
        catalogServiceMock.factory({ entities: [CATALOG_ENTITY] }),
        createServiceFactory({
          service: coreServices.userInfo,
          deps: {},
          factory: () => userInfo,
        }),
        createServiceFactory({
          service: coreServices.permissions,
          deps: {},
          factory: () => permissionsThrough(policy),
        }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send: async () => {} }),
        }),
      ],
    }));
  });

  it('refuses the outsider everywhere and keeps what the owner stored', async () => {
    // The owner creates what the revoke routes act on.
    const policyExemption = await send(
      server,
      {
        name: 'owner creates a policy exemption',
        method: 'post',
        path: '/api/maestro/policy/exemptions',
        body: { ...exemption, expiresAt: IN_A_MONTH() },
      },
      ADA,
    );
    expect(policyExemption.status).toBe(201);
    const vulnExemption = await send(
      server,
      {
        name: 'owner creates a vulnerability exemption',
        method: 'post',
        path: '/api/maestro/supply-chain/exemptions',
        body: { ...vulnerabilityExemption, expiresAt: IN_A_MONTH() },
      },
      ADA,
    );
    expect(vulnExemption.status).toBe(201);
    const artifact = await send(
      server,
      {
        name: 'owner registers an artifact',
        method: 'post',
        path: '/api/maestro/supply-chain/artifacts',
        body: {
          entityRef: ENTITY,
          repository: 'ghcr.io/acme/payments-api',
          digest: `sha256:${'c'.repeat(64)}`,
        },
      },
      ADA,
    );
    expect(artifact.status).toBe(201);

    const calls = mutatingCalls({
      policyExemption: policyExemption.body.id,
      vulnerabilityExemption: vulnExemption.body.id,
      artifact: artifact.body.id,
    });
    const answers: Record<string, number> = {};
    for (const call of calls) {
      const res = await send(server, call, EDSGER);
      answers[call.name] = res.status;
    }
    expect(answers).toEqual(
      Object.fromEntries(calls.map(call => [call.name, 403])),
    );

    // Nothing the owner stored was touched.
    const active = await request(server)
      .get(`/api/maestro/policy/exemptions?entityRef=${ENTITY}&status=active`)
      .set('Authorization', mockCredentials.user.header(ADA));
    expect(active.body.items.map((e: { id: string }) => e.id)).toEqual([
      policyExemption.body.id,
    ]);
    const vulnActive = await request(server)
      .get(
        `/api/maestro/supply-chain/exemptions?entityRef=${ENTITY}&status=active`,
      )
      .set('Authorization', mockCredentials.user.header(ADA));
    expect(vulnActive.body.items.map((e: { id: string }) => e.id)).toEqual([
      vulnExemption.body.id,
    ]);
  });

  it('lets the owner (and, for admin-only routes, an admin) past every check', async () => {
    const ids = {
      policyExemption: 'none',
      vulnerabilityExemption: 'none',
      artifact: 'none',
    };
    const answers: Record<string, number> = {};
    for (const call of mutatingCalls(ids)) {
      const who = call.name === 'reassign an artifact' ? GRACE : ADA;
      const res = await send(server, call, who);
      answers[call.name] = res.status;
    }
    for (const [name, status] of Object.entries(answers)) {
      expect({ name, forbidden: status === 403 }).toEqual({
        name,
        forbidden: false,
      });
    }
  });

  it('refuses the ledger export to an owner and allows it to an admin', async () => {
    const owner = await request(server)
      .get('/api/maestro/ledger/export')
      .set('Authorization', mockCredentials.user.header(ADA));
    expect(owner.status).toBe(403);
    const admin = await request(server)
      .get('/api/maestro/ledger/export')
      .set('Authorization', mockCredentials.user.header(GRACE));
    expect(admin.status).toBe(200);
  });
});
