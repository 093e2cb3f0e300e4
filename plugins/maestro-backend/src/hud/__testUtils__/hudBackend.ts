/**
 * A test backend for the Build HUD's HTTP behaviour: the shared Maestro test
 * backend with the events backend and its GitHub module (signature-checked
 * ingress, topic router), each plugin on its own database, a mock catalog
 * whose entities come from the platform's catalog location
 * (`catalog.locations` in the root config), recorded signals and switchable
 * permissions. Test use only.
 */
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { resolve } from 'node:path';
import request from 'supertest';
import {
  component as serviceComponent,
  startMaestroBackend,
} from '../../__testUtils__/startMaestroBackend';
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

export const component = (
  name: string,
  annotations: Record<string, string>,
  origin = PLATFORM_ORIGIN,
) =>
  serviceComponent(name, {
    ...annotations,
    'backstage.io/managed-by-origin-location': origin,
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
  const access = {
    result: AuthorizeResult.ALLOW as
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY,
  };
  const permissions = {
    authorize: jest.fn(async (requests: unknown[]) =>
      requests.map(() => ({ result: access.result })),
    ),
    authorizeConditional: jest.fn(),
  };
  const { server, signals } = await startMaestroBackend(maestroDb, {
    entities,
    permissions,
    config: {
      events: eventsConfig,
      catalog: { locations: [PLATFORM_LOCATION] },
    },
    withGithubEvents: { knex: eventsDb },
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

/** A BuildEvent as CI posts it, with a service token. */
export const postBuildEvent = (hud: Hud, body: object) =>
  request(hud.server)
    .post('/api/maestro/hud/events')
    .set('Authorization', mockCredentials.service.header())
    .send(body);

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
