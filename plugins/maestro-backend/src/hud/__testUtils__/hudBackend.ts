/**
 * A test backend for the Build HUD's HTTP behaviour: Maestro, the events
 * backend and its GitHub module (signature-checked ingress, topic router),
 * each plugin on its own database, a mock catalog whose entities come from
 * the platform's catalog location (`catalog.locations` in the root config),
 * recorded signals and switchable permissions. Test use only.
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import eventsPlugin from '@backstage/plugin-events-backend';
import {
  DefaultEventsService,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { dirname, join, resolve } from 'node:path';
import request from 'supertest';
import { maestroPlugin } from '../../plugin';
import { webhooksMethods } from './webhooks';

export const SECRET = 'hud-test-webhook-secret';
const { sign } = webhooksMethods();

/** The platform's catalog location, as root config gives it. */
const PLATFORM_LOCATION = { type: 'file', target: './catalog/entities.yaml' };
/** What the catalog writes on the entities it reads from there. */
export const PLATFORM_ORIGIN = `file:${resolve(PLATFORM_LOCATION.target)}`;
/** A location someone registered through the catalog's import page. */
export const STRANGER_ORIGIN =
  'url:https://github.com/stranger/catalog/blob/main/catalog-info.yaml';

/**
 * The GitHub module's two features (signature-checked ingress, topic router).
 * Its default export loads them with a dynamic import(), which Jest's
 * CommonJS runtime cannot run; the same files are required directly.
 */
const githubModuleFeatures = (() => {
  const dist = dirname(
    require.resolve('@backstage/plugin-events-backend-module-github'),
  );
  return [
    require(join(dist, 'service/eventsModuleGithubWebhook.cjs.js')).default,
    require(join(dist, 'service/eventsModuleGithubEventRouter.cjs.js')).default,
  ];
})();

export const component = (
  name: string,
  annotations: Record<string, string>,
  origin = PLATFORM_ORIGIN,
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    annotations: {
      ...annotations,
      'backstage.io/managed-by-origin-location': origin,
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:payments-team',
  },
});

const entities = [
  component('payments-api', {
    'maestro.io/image': 'ghcr.io/acme/payments-api',
    'github.com/project-slug': 'acme/payments-api',
  }),
  // Registered by someone else, claiming the same repository: ignored.
  component(
    'aaa-payments-takeover',
    { 'github.com/project-slug': 'acme/payments-api' },
    STRANGER_ORIGIN,
  ),
  // The repositories of @octokit/webhooks-examples' payloads.
  component('hello-world', {
    'github.com/project-slug': 'Codertocat/Hello-World',
  }),
  component('octo-repo', { 'github.com/project-slug': 'octo-org/octo-repo' }),
  component('nightly', { 'maestro.io/tekton-pipeline': 'nightly-build' }),
  // Two trusted components claiming one repository: neither gets its events.
  component('ledger-worker', {
    'github.com/project-slug': 'acme/ledger-worker',
  }),
  component('ledger-copy', {
    'github.com/project-slug': 'acme/ledger-worker',
  }),
  // Only an untrusted entity claims it.
  component(
    'forked-service',
    { 'github.com/project-slug': 'stranger/forked-service' },
    STRANGER_ORIGIN,
  ),
];

export type Hud = Awaited<ReturnType<typeof startHud>>;

/** Maestro, the events backend and its GitHub module, each plugin on its own database. */
export async function startHud(
  databases: TestDatabases,
  databaseId: Parameters<TestDatabases['init']>[0],
  eventsConfig: JsonObject = {
    modules: { github: { webhookSecret: SECRET } },
  },
) {
  const maestroDb = await databases.init(databaseId);
  const eventsDb = await databases.init(databaseId);
  const signals = { publish: jest.fn(async (_: unknown) => {}) };
  const access = { result: AuthorizeResult.ALLOW as AuthorizeResult };
  const permissions = {
    authorize: jest.fn(async (requests: unknown[]) =>
      requests.map(() => ({ result: access.result })),
    ),
    authorizeConditional: jest.fn(),
  };
  const events = DefaultEventsService.create({
    logger: mockServices.logger.mock(),
    useEventBus: 'never',
  });
  const { server } = await startTestBackend({
    features: [
      maestroPlugin,
      eventsPlugin,
      ...githubModuleFeatures,
      mockServices.rootConfig.factory({
        data: {
          events: eventsConfig,
          catalog: { locations: [PLATFORM_LOCATION] },
        },
      }),
      createServiceFactory({
        service: coreServices.database,
        deps: { plugin: coreServices.pluginMetadata },
        factory: ({ plugin }) =>
          mockServices.database({
            knex: plugin.getId() === 'maestro' ? maestroDb : eventsDb,
          }),
      }),
      // One local event bus for all plugins, as in a real backend (the test
      // default gives each plugin a bus of its own).
      createServiceFactory({
        service: eventsServiceRef,
        deps: {},
        factory: () => events,
      }),
      createServiceFactory({
        service: coreServices.permissions,
        deps: {},
        factory: () => permissions as any,
      }),
      catalogServiceMock.factory({ entities }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => signals,
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: jest.fn(async () => {}) }),
      }),
    ],
  });
  return { server, db: maestroDb, signals, access };
}

export async function deliver(
  hud: Hud,
  event: string,
  payload: object,
  delivery: string,
  signature: 'valid' | 'forged' | 'none' = 'valid',
) {
  const body = JSON.stringify(payload);
  const req = request(hud.server)
    .post('/api/events/http/github')
    .set('content-type', 'application/json')
    .set('x-github-event', event)
    .set('x-github-delivery', delivery);
  if (signature !== 'none') {
    const secret = signature === 'valid' ? SECRET : 'not-the-secret';
    req.set('x-hub-signature-256', await sign(secret, body));
  }
  return req.send(body);
}

export const stored = (hud: Hud, where: Record<string, unknown>) =>
  hud.db('maestro_hud_events').where(where);

export const timeline = (hud: Hud, entityRef: string) =>
  request(hud.server)
    .get(`/api/maestro/hud/timeline?entityRef=${encodeURIComponent(entityRef)}`)
    .set('Authorization', mockCredentials.user.header());

export function postCloudEvent(
  hud: Hud,
  { headers, body }: { headers: Record<string, string>; body: Buffer },
  authorization = mockCredentials.service.header(),
) {
  const req = request(hud.server)
    .post('/api/maestro/hud/cloudevents')
    .set('Authorization', authorization);
  for (const [name, value] of Object.entries(headers)) req.set(name, value);
  return req.send(body.toString('utf8'));
}
