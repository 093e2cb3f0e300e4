/*
 * Who may own an image repository, normalized repository names, reassigning
 * a wrongly claimed artifact, and the summary's provenance saying what the
 * gate says: through the whole plugin (startTestBackend + supertest) on
 * PostgreSQL and SQLite. Permissions: admins (user:default/admin) may do
 * everything, other callers everything but maestro.artifact.reassign, as the
 * portal's MaestroPermissionPolicy answers a basic permission.
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import request from 'supertest';
import {
  component,
  startMaestroBackend,
} from '../__testUtils__/startMaestroBackend';
import { evidenceFixture, signatureFixture } from './__testUtils__/fixtures';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const PAYMENTS = 'component:default/payments-api';
const CHECKOUT = 'component:default/checkout-web';
const KEYCLOAK = 'component:default/keycloak';
const DOCS = 'component:default/docs-site';
const REPOSITORY = 'ghcr.io/acme/payments-api';
const ADMIN = mockCredentials.user.header('user:default/admin');
const USER = mockCredentials.user.header();
const CI = mockCredentials.service.header();
const digest = (c: string) => `sha256:${c.repeat(64)}`;

const service = (name: string, annotations: Record<string, string> = {}) =>
  component(name, annotations, { owner: 'group:team' });

const entities = [
  service('payments-api', {
    'maestro.io/image': REPOSITORY,
    'maestro.io/channels': 'dev,prod',
  }),
  service('checkout-web', {
    'maestro.io/image': 'ghcr.io/acme/checkout-web',
  }),
  service('keycloak', { 'maestro.io/image': 'keycloak/keycloak' }),
  service('docs-site'),
];

const isAdmin = (credentials: BackstageCredentials) =>
  (credentials.principal as { userEntityRef?: string }).userEntityRef ===
  'user:default/admin';

const startMaestro = (knex: Knex, supplyChain: object = {}) =>
  startMaestroBackend(knex, {
    entities,
    maestro: { supplyChain } as any,
    permissions: {
      authorize: async (requests: any[], options: any) =>
        requests.map(({ permission }) => ({
          result:
            permission.name !== 'maestro.artifact.reassign' ||
            isAdmin(options.credentials)
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        })),
      authorizeConditional: async (requests: any[]) =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    },
  });

type Server = Parameters<typeof request>[0];

const register = (server: Server, body: object) =>
  request(server)
    .post('/api/maestro/supply-chain/artifacts')
    .set('Authorization', CI)
    .send(body);

const upload = (
  server: Server,
  entityRef: string,
  image: string,
  body: Buffer,
) =>
  request(server)
    .post('/api/maestro/supply-chain/evidence')
    .query({ entityRef, image })
    .set('Authorization', CI)
    .set('Content-Type', 'application/json')
    .send(body.toString('utf8'));

const reassign = (server: Server, id: string, body: object, auth = ADMIN) =>
  request(server)
    .post(`/api/maestro/supply-chain/artifacts/${id}/reassign`)
    .set('Authorization', auth)
    .send(body);

describe.each(databases.eachSupportedId())(
  'image ownership through the API on %s',
  databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
    });

    const artifactRows = () =>
      knex('maestro_artifacts').select('entity_ref', 'repository', 'digest');

    it('stores keycloak/keycloak, docker.io/keycloak/keycloak and index.docker.io/keycloak/keycloak as one artifact', async () => {
      const { server } = await startMaestro(knex);
      const first = await register(server, {
        entityRef: KEYCLOAK,
        repository: 'keycloak/keycloak',
        digest: digest('1'),
      });
      expect(first.status).toBe(201);
      expect(first.body.repository).toBe('docker.io/keycloak/keycloak');
      const again = await register(server, {
        entityRef: KEYCLOAK,
        repository: 'docker.io/keycloak/keycloak',
        digest: digest('1'),
        tags: ['26.0'],
      });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ id: first.body.id, tags: ['26.0'] });
      const evidence = await upload(
        server,
        KEYCLOAK,
        `index.docker.io/keycloak/keycloak@${digest('1')}`,
        evidenceFixture('trivy-alpine-310.json'),
      );
      expect(evidence.status).toBe(201);
      expect(evidence.body.artifact.id).toBe(first.body.id);
      expect(await artifactRows()).toEqual([
        {
          entity_ref: KEYCLOAK,
          repository: 'docker.io/keycloak/keycloak',
          digest: digest('1'),
        },
      ]);
    });

    it('refuses an outsider registering or uploading for another team’s image, and the owner is unaffected', async () => {
      const { server } = await startMaestro(knex);
      const outsider = await register(server, {
        entityRef: CHECKOUT,
        repository: REPOSITORY,
        digest: digest('2'),
      });
      expect(outsider.status).toBe(403);
      expect(outsider.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: `${CHECKOUT} may not own images of ${REPOSITORY}: its maestro.io/image annotation names ghcr.io/acme/checkout-web, and maestro.supplyChain.imageOwners grants it none`,
      });
      const unannotated = await upload(
        server,
        DOCS,
        `${REPOSITORY}@${digest('2')}`,
        evidenceFixture('trivy-alpine-310.json'),
      );
      expect(unannotated.status).toBe(403);
      expect(unannotated.body.error.message).toMatch(
        /^component:default\/docs-site may not own images of ghcr.io\/acme\/payments-api: it has no maestro.io\/image annotation, so it owns no images/,
      );
      expect(await artifactRows()).toEqual([]);

      const owner = await register(server, {
        entityRef: PAYMENTS,
        repository: REPOSITORY,
        digest: digest('2'),
      });
      expect(owner.status).toBe(201);
      // Now the digest is stored, an outsider's upload is still a 403, not a 409.
      const late = await upload(
        server,
        CHECKOUT,
        `${REPOSITORY}@${digest('2')}`,
        evidenceFixture('trivy-alpine-310.json'),
      );
      expect(late.status).toBe(403);
      const ownUpload = await upload(
        server,
        PAYMENTS,
        `${REPOSITORY}@${digest('2')}`,
        evidenceFixture('trivy-alpine-310.json'),
      );
      expect(ownUpload.status).toBe(201);
      expect(await artifactRows()).toEqual([
        { entity_ref: PAYMENTS, repository: REPOSITORY, digest: digest('2') },
      ]);
    });

    it('reassigns a wrongly claimed artifact with its evidence, for admins only, in the ledger', async () => {
      // A mistaken grant let checkout-web claim a payments-api digest.
      const mistaken = await startMaestro(knex, {
        imageOwners: [{ entityRef: CHECKOUT, repositories: [REPOSITORY] }],
      });
      const claimed = await upload(
        mistaken.server,
        CHECKOUT,
        `${REPOSITORY}@${digest('3')}`,
        evidenceFixture('trivy-alpine-310.json'),
      );
      expect(claimed.status).toBe(201);
      const artifactId = claimed.body.artifact.id;

      const { server, signals } = await startMaestro(knex);
      const blocked = await register(server, {
        entityRef: PAYMENTS,
        repository: REPOSITORY,
        digest: digest('3'),
      });
      expect(blocked.status).toBe(409);

      const body = {
        entityRef: PAYMENTS,
        reason: 'CI of checkout-web pushed the payments image (INC-42)',
      };
      const byUser = await reassign(server, artifactId, body, USER);
      expect(byUser.status).toBe(403);
      expect(byUser.body.error.message).toBe(
        'Not allowed to maestro.artifact.reassign',
      );
      expect((await reassign(server, artifactId, body, CI)).status).toBe(403);
      const toNonOwner = await reassign(server, artifactId, {
        ...body,
        entityRef: DOCS,
      });
      expect(toNonOwner.status).toBe(403);
      expect(toNonOwner.body.error.message).toMatch(
        /^component:default\/docs-site may not own images/,
      );
      const noReason = await reassign(server, artifactId, {
        entityRef: PAYMENTS,
      });
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.message).toMatch(/reason/);
      expect((await reassign(server, 'nope', body)).status).toBe(404);
      expect(await artifactRows()).toEqual([
        { entity_ref: CHECKOUT, repository: REPOSITORY, digest: digest('3') },
      ]);

      const moved = await reassign(server, artifactId, body);
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ id: artifactId, entityRef: PAYMENTS });
      const detail = await request(server)
        .get(`/api/maestro/supply-chain/artifacts/${artifactId}`)
        .set('Authorization', USER);
      expect(detail.body).toMatchObject({ entityRef: PAYMENTS });
      expect(detail.body.documents).toHaveLength(1);
      const list = await request(server)
        .get('/api/maestro/supply-chain/artifacts')
        .query({ entityRef: PAYMENTS })
        .set('Authorization', USER);
      expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([
        artifactId,
      ]);
      const entries = await knex('maestro_ledger_entries').where({
        action: 'supply-chain.artifact.reassign',
      });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actor: 'user:default/admin',
        target: PAYMENTS,
      });
      expect(JSON.parse(entries[0].payload)).toEqual({
        artifactId,
        repository: REPOSITORY,
        digest: digest('3'),
        from: CHECKOUT,
        to: PAYMENTS,
        reason: body.reason,
      });
      for (const ref of [CHECKOUT, PAYMENTS]) {
        expect(signals.publish).toHaveBeenCalledWith(
          expect.objectContaining({
            channel: `maestro:entity:${ref}`,
            message: expect.objectContaining({ topic: 'supply-chain' }),
          }),
        );
      }
      // The owner's CI works for the digest again; repeating the move changes nothing.
      const owner = await register(server, {
        entityRef: PAYMENTS,
        repository: REPOSITORY,
        digest: digest('3'),
      });
      expect(owner.status).toBe(200);
      expect((await reassign(server, artifactId, body)).status).toBe(200);
      expect(
        await knex('maestro_ledger_entries').where({
          action: 'supply-chain.artifact.reassign',
        }),
      ).toHaveLength(1);
    });

    it('calls unsigned provenance not valid in the summary, with the reason the prod gate gives', async () => {
      const { server } = await startMaestro(knex);
      const statementDigest =
        'sha256:8ae83e5b11e4cc8257f5f4d1023081ba1c72e8e60e8ed6cacd0d53a4ca2d142b';
      const ingested = await upload(
        server,
        PAYMENTS,
        `${REPOSITORY}@${statementDigest}`,
        signatureFixture('slsa/container-generator-v0.2.json'),
      );
      expect(ingested.status).toBe(201);
      expect(ingested.body.document.format).toBe('in-toto-statement');
      const artifactId = ingested.body.artifact.id;
      const gate = await request(server)
        .get(`/api/maestro/supply-chain/artifacts/${artifactId}/gate`)
        .query({ channel: 'prod' })
        .set('Authorization', USER);
      const check = gate.body.checks.find(
        (c: { id: string }) => c.id === 'provenance',
      );
      expect(check).toMatchObject({
        passed: false,
        reason: expect.stringMatching(
          /^No usable provenance: none accepted \(newest: provenance built by .* is not signed; prod needs it in a sigstore bundle that verifies\)$/,
        ),
      });
      const detail = await request(server)
        .get(`/api/maestro/supply-chain/artifacts/${artifactId}`)
        .set('Authorization', USER);
      // The statement itself checks out; the gate still refuses it unsigned.
      expect(detail.body.provenance).toEqual([
        expect.objectContaining({ valid: true, signed: false }),
      ]);
      expect(detail.body).toMatchObject({
        provenanceValid: false,
        provenanceReason: check.reason,
      });
      const list = await request(server)
        .get('/api/maestro/supply-chain/artifacts')
        .query({ entityRef: PAYMENTS })
        .set('Authorization', USER);
      expect(list.body.items[0]).toMatchObject({
        provenanceValid: false,
        provenanceReason: check.reason,
      });
    });
  },
);
