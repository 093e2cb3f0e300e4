/*
 * The supply-chain HTTP API through the whole plugin (startTestBackend +
 * supertest), with real evidence fixtures and the public-good Sigstore trust
 * root, on PostgreSQL and SQLite.
 */
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import request from 'supertest';
import { startMaestroBackend } from '../__testUtils__/startMaestroBackend';
import {
  A_TXT_BUILDER,
  A_TXT_DIGEST,
  BEACON_IDENTITY,
  evidenceFixture,
  PUBLIC_GOOD_TRUSTED_ROOT_PATH,
  signatureFixture,
} from './__testUtils__/fixtures';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const ENTITY = 'component:default/payments-api';
const REPOSITORY = 'ghcr.io/acme/payments-api';
const digest = (c: string) => `sha256:${c.repeat(64)}`;
const SIGNATURES_CONFIG = {
  trustedRootPath: PUBLIC_GOOD_TRUSTED_ROOT_PATH,
  identities: [BEACON_IDENTITY],
};

const startMaestro = (
  knex: Knex,
  options: {
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    /** `maestro.supplyChain` config. */
    supplyChain?: Record<string, any>;
  } = {},
) =>
  startMaestroBackend(knex, {
    permission: options.permission,
    maestro: { supplyChain: options.supplyChain ?? {} },
  });

const CI = mockCredentials.service.header();
const USER = mockCredentials.user.header();

/**
 * POSTs a document as CI does (`curl --data-binary @sbom.json -H
 * 'Content-Type: application/json'`). Sent as text: superagent would
 * serialize a Buffer to JSON under that Content-Type.
 */
function postEvidence(
  server: Parameters<typeof request>[0],
  body: Buffer,
  query: Record<string, string> = {
    entityRef: ENTITY,
    image: `${REPOSITORY}@${A_TXT_DIGEST}`,
  },
) {
  return request(server)
    .post('/api/maestro/supply-chain/evidence')
    .query(query)
    .set('Authorization', CI)
    .set('Content-Type', 'application/json')
    .send(body.toString('utf8'));
}

describe.each(databases.eachSupportedId())(
  'supply-chain API on %s',
  databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
    });

    const countRows = async (table: string) =>
      Number((await knex(table).count({ count: '*' }))[0].count);

    it('ingests an SBOM, a Trivy scan and signed provenance, and explains the prod gate', async () => {
      const { server, signals } = await startMaestro(knex, {
        supplyChain: {
          signatures: SIGNATURES_CONFIG,
          gates: {
            prod: {
              allowedBuilders: [
                'https://github.com/loosebazooka/aa-test/.github/workflows/provenance.yaml',
              ],
            },
          },
        },
      });
      const sbom = await postEvidence(
        server,
        evidenceFixture('cyclonedx-1.7-trivy-npm.cdx.json'),
      );
      expect(sbom.status).toBe(201);
      expect(sbom.body).toMatchObject({
        created: true,
        artifact: {
          entityRef: ENTITY,
          repository: REPOSITORY,
          digest: A_TXT_DIGEST,
        },
        document: {
          // Trivy's BOM lists jquery's vulnerability too.
          kind: 'sbom-and-vulnerability-report',
          format: 'cyclonedx-json',
          version: '1.7',
          ingestedBy: 'service:external:test-service',
        },
      });
      const artifactId = sbom.body.artifact.id;
      expect(
        (await postEvidence(server, evidenceFixture('trivy-fluentd-gems.json')))
          .status,
      ).toBe(201);
      const bundle = await postEvidence(
        server,
        signatureFixture('public-good/a.txt.slsa-v1.sigstore.json'),
      );
      expect(bundle.status).toBe(201);
      expect(bundle.body.document).toMatchObject({
        kind: 'signature-bundle',
        format: 'sigstore-bundle',
        version: '0.3',
      });
      expect(signals.publish).toHaveBeenCalledWith(
        expect.objectContaining({
          channel: `maestro:entity:${ENTITY}`,
          message: expect.objectContaining({ topic: 'supply-chain' }),
        }),
      );

      // A stored policy evaluation is linked by digest.
      const evaluated = await request(server)
        .post('/api/maestro/policy/evaluate')
        .set('Authorization', CI)
        .send({
          store: true,
          entityRef: ENTITY,
          imageDigest: A_TXT_DIGEST,
          inputs: [
            {
              kind: 'dockerfile',
              path: 'Dockerfile',
              content: 'FROM node:latest\nUSER root\n',
            },
          ],
        });
      expect(evaluated.status).toBe(201);

      const gate = await request(server)
        .get(`/api/maestro/supply-chain/artifacts/${artifactId}/gate`)
        .query({ channel: 'prod' })
        .set('Authorization', USER);
      expect(gate.status).toBe(200);
      expect(gate.body.passed).toBe(false);
      const reasons = Object.fromEntries(
        gate.body.checks.map(
          (c: { id: string; passed: boolean; reason: string }) => [
            c.id,
            [c.passed, c.reason],
          ],
        ),
      );
      expect(reasons).toEqual({
        signature: [
          true,
          expect.stringMatching(
            /^Verified: signed by https:\/\/github.com\/sigstore-conformance\/extremely-dangerous-public-oidc-beacon\/.* \(issuer https:\/\/token.actions.githubusercontent.com\) for sha256:a0cfc712/,
          ),
        ],
        provenance: [
          true,
          `SLSA v1 provenance for ${A_TXT_DIGEST} built by ${A_TXT_BUILDER}, signed; prod accepts an allowed builder`,
        ],
        critical: [
          false,
          '1 unexempted critical (CVE-2019-18224); prod allows 0',
        ],
        high: [true, '1 unexempted high (CVE-2020-8165); prod allows 2'],
        policy: [
          false,
          expect.stringMatching(
            /^Failed: evaluation of .* denied finding\(s\): .*MAESTRO-DF-001/,
          ),
        ],
        sbom: [
          true,
          expect.stringMatching(/^cyclonedx-json 1.7 SBOM with 13 components/),
        ],
      });

      const detail = await request(server)
        .get(`/api/maestro/supply-chain/artifacts/${artifactId}`)
        .set('Authorization', USER);
      expect(detail.body).toMatchObject({
        componentCount: 13,
        signatureVerified: true,
        provenanceValid: true,
        vulnerabilityCounts: { critical: 1, high: 1 },
        // Channels from the entity's maestro.io/channels annotation.
        verdicts: [
          { channel: 'dev', passed: true },
          { channel: 'prod', passed: false },
        ],
        signatures: [{ verified: true, signerIssuer: BEACON_IDENTITY.issuer }],
        provenance: [{ valid: true, signed: true, builderId: A_TXT_BUILDER }],
      });
      expect(detail.body.documents).toHaveLength(3);
    });

    it('stores a bundle as not verified when no trust root is configured', async () => {
      const { server } = await startMaestro(knex);
      const res = await postEvidence(
        server,
        signatureFixture('public-good/a.txt.slsa-v1.sigstore.json'),
      );
      expect(res.status).toBe(201);
      const detail = await request(server)
        .get(`/api/maestro/supply-chain/artifacts/${res.body.artifact.id}`)
        .set('Authorization', USER);
      expect(detail.body.signatures).toEqual([
        expect.objectContaining({
          verified: false,
          reason: 'no sigstore trust root configured',
        }),
      ]);
      expect(detail.body.provenance).toEqual([
        expect.objectContaining({
          valid: false,
          reason:
            'provenance signature not verified: no sigstore trust root configured',
          signed: false,
        }),
      ]);
    });

    it('stores the same document once, for repeated and concurrent uploads', async () => {
      const { server } = await startMaestro(knex, {
        supplyChain: {
          imageOwners: [
            { entityRef: ENTITY, repositories: ['cgr.dev/chainguard/ruby'] },
          ],
        },
      });
      const sbom = evidenceFixture('spdx-2.3-spdx-spec-example.spdx.json');
      const first = await postEvidence(server, sbom);
      const again = await postEvidence(server, sbom);
      expect(first.status).toBe(201);
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ ...first.body, created: false });

      const scan = evidenceFixture('grype-chainguard-ruby-test.json');
      const image = `cgr.dev/chainguard/ruby@sha256:3c9afb4f188827ea1062ec3b8acea32893236a0d7df31e0498df93486cff0978`;
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          postEvidence(server, scan, { entityRef: ENTITY, image }),
        ),
      );
      expect(results.map(r => r.status).sort()).toEqual([
        200, 200, 200, 200, 201,
      ]);
      expect(new Set(results.map(r => r.body.document.id)).size).toBe(1);
      expect(await countRows('maestro_evidence_documents')).toBe(2);
      expect(await countRows('maestro_artifacts')).toBe(2);
      expect(await countRows('maestro_vulnerability_findings')).toBe(3);
      const ingests = await knex('maestro_ledger_entries').where({
        action: 'supply-chain.evidence.ingest',
      });
      expect(ingests).toHaveLength(2);
    });

    it('answers 401 without credentials and 403 without the ingest permission, storing nothing', async () => {
      const allowed = await startMaestro(knex);
      const anonymous = await request(allowed.server)
        .post('/api/maestro/supply-chain/evidence')
        .query({ entityRef: ENTITY, image: `${REPOSITORY}@${A_TXT_DIGEST}` })
        .set('Authorization', mockCredentials.none.header())
        .send(evidenceFixture('trivy-alpine-310.json'));
      expect(anonymous.status).toBe(401);
      const list = await request(allowed.server)
        .get('/api/maestro/supply-chain/artifacts')
        .set('Authorization', mockCredentials.none.header());
      expect(list.status).toBe(401);

      const denied = await startMaestro(knex, {
        permission: AuthorizeResult.DENY,
      });
      const refused = await postEvidence(
        denied.server,
        evidenceFixture('trivy-alpine-310.json'),
      );
      expect(refused.status).toBe(403);
      expect(refused.body.error.name).toBe('NotAllowedError');
      const register = await request(denied.server)
        .post('/api/maestro/supply-chain/artifacts')
        .set('Authorization', CI)
        .send({
          entityRef: ENTITY,
          repository: REPOSITORY,
          digest: digest('d'),
        });
      expect(register.status).toBe(403);
      expect(await countRows('maestro_artifacts')).toBe(0);
      expect(await countRows('maestro_evidence_documents')).toBe(0);
    });

    it.each([
      [
        'invalid JSON',
        Buffer.from('{"bomFormat": "CycloneDX", "specVersion": '),
        undefined,
        /^Unreadable evidence: evidence is not valid JSON/,
      ],
      [
        'JSON that is no SBOM',
        Buffer.from('{"name": "payments-api", "version": "1.0.0"}'),
        undefined,
        /is not an SBOM, vulnerability report, attestation or signature bundle/,
      ],
      [
        'a digest that is not sha256',
        evidenceFixture('trivy-alpine-310.json'),
        { entityRef: ENTITY, image: `${REPOSITORY}@sha512:${'a'.repeat(128)}` },
        /image: 'sha512:a+' must be a sha256 digest/,
      ],
      [
        'a tag instead of a digest',
        evidenceFixture('trivy-alpine-310.json'),
        { entityRef: ENTITY, image: `${REPOSITORY}:1.0.0` },
        /image: .* has no digest/,
      ],
      [
        'no entityRef',
        evidenceFixture('trivy-alpine-310.json'),
        { image: `${REPOSITORY}@${A_TXT_DIGEST}` },
        /entityRef: /,
      ],
      [
        "another image's SBOM",
        evidenceFixture('spdx-2.3-trivy-alpine-3.15.spdx.json'),
        undefined,
        /^The SBOM describes docker.io\/library\/alpine@sha256:19b4/,
      ],
    ])(
      'answers 400 with the reason for %s, storing nothing',
      async (_what, body, query, reason) => {
        const { server } = await startMaestro(knex);
        const res = await postEvidence(server, body, query);
        expect(res.status).toBe(400);
        expect(res.body.error.name).toBe('InputError');
        expect(res.body.error.message).toMatch(reason);
        expect(await countRows('maestro_artifacts')).toBe(0);
        expect(await countRows('maestro_evidence_documents')).toBe(0);
      },
    );

    it('refuses a 100 MB body with 400 and the limit, storing nothing', async () => {
      const { server } = await startMaestro(knex);
      const body = Buffer.alloc(100 * 1024 * 1024, 0x20);
      const res = await postEvidence(server, body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'The evidence document is larger than 52428800 bytes (maestro.supplyChain.maxDocumentBytes); nothing was stored',
      );
      expect(await countRows('maestro_evidence_documents')).toBe(0);
    });

    it('registers artifact metadata idempotently and refuses to move a digest', async () => {
      // checkout-web may own the repository too, so the digest is what conflicts.
      const { server } = await startMaestro(knex, {
        supplyChain: {
          imageOwners: [
            {
              entityRef: 'component:default/checkout-web',
              repositories: [REPOSITORY],
            },
          ],
        },
      });
      const registration = {
        entityRef: ENTITY,
        repository: REPOSITORY,
        digest: digest('e'),
        tags: ['1.4.0'],
        commit: 'ebff8dfbd609b7b22237c7719ce07f2dc7934f5f',
        branch: 'main',
        pullRequest: 128,
        buildRunUrl: 'https://github.com/acme/payments-api/actions/runs/1',
      };
      const post = (body: object) =>
        request(server)
          .post('/api/maestro/supply-chain/artifacts')
          .set('Authorization', CI)
          .send(body);
      const created = await post(registration);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject(registration);
      expect((await post(registration)).status).toBe(200);
      const merged = await post({ ...registration, tags: ['latest'] });
      expect(merged.body.tags).toEqual(['1.4.0', 'latest']);
      const moved = await post({
        ...registration,
        entityRef: 'component:default/checkout-web',
      });
      expect(moved.status).toBe(409);
      expect(moved.body.error.message).toMatch(
        /belongs to component:default\/payments-api/,
      );
      const invalid = await post({ ...registration, digest: 'latest' });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.message).toMatch(
        /digest: must be a sha256 digest/,
      );

      const list = await request(server)
        .get('/api/maestro/supply-chain/artifacts')
        .query({ entityRef: ENTITY })
        .set('Authorization', USER);
      expect(list.body.totalCount).toBe(1);
      expect(list.body.items[0]).toMatchObject({
        id: created.body.id,
        componentCount: 0,
        vulnerabilityCounts: { critical: 0, high: 0 },
      });
    });

    it('pages components with search, filters and facets, and serves the raw document as ingested', async () => {
      const { server } = await startMaestro(knex);
      const raw = evidenceFixture('cyclonedx-1.4-laravel.bom.json');
      const ingested = await postEvidence(server, raw);
      const components = (query: Record<string, string | number>) =>
        request(server)
          .get(
            `/api/maestro/supply-chain/artifacts/${ingested.body.artifact.id}/components`,
          )
          .query(query)
          .set('Authorization', USER);
      const page = await components({ limit: 10, offset: 0 });
      expect(page.status).toBe(200);
      expect(page.body.totalCount).toBe(62);
      expect(page.body.items).toHaveLength(10);
      expect(page.body.facets.licenses).toEqual(
        expect.arrayContaining(['MIT', 'BSD-3-Clause']),
      );
      expect(page.body.facets.types).toEqual(['library']);
      const search = await components({ search: 'GUZZLE' });
      expect(search.body.items.map((c: { name: string }) => c.name)).toEqual([
        'guzzlehttp/guzzle',
        'guzzlehttp/promises',
        'guzzlehttp/psr7',
      ]);
      const bsd = await components({
        license: 'BSD-3-Clause',
        relationship: 'transitive',
      });
      expect(bsd.body.totalCount).toBeGreaterThan(0);
      expect(
        bsd.body.items.every((c: { licenses: string[] }) =>
          c.licenses.includes('BSD-3-Clause'),
        ),
      ).toBe(true);
      expect((await components({ limit: 1001 })).status).toBe(400);

      const download = await request(server)
        .get(
          `/api/maestro/supply-chain/documents/${ingested.body.document.id}/raw`,
        )
        .set('Authorization', USER)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(download.status).toBe(200);
      expect(download.headers['content-type']).toMatch(/^application\/json/);
      expect(Buffer.compare(download.body, raw)).toBe(0);
      const missing = await request(server)
        .get('/api/maestro/supply-chain/documents/nope/raw')
        .set('Authorization', USER);
      expect(missing.status).toBe(404);
      const noArtifact = await request(server)
        .get('/api/maestro/supply-chain/artifacts/nope/gate')
        .query({ channel: 'prod' })
        .set('Authorization', USER);
      expect(noArtifact.status).toBe(404);
      expect(noArtifact.body.error.name).toBe('NotFoundError');
    });

    it('diffs two builds and summarizes the entity', async () => {
      const { server } = await startMaestro(knex);
      const older = `${REPOSITORY}@${digest('1')}`;
      const newer = `${REPOSITORY}@${digest('2')}`;
      const from = await postEvidence(
        server,
        evidenceFixture('trivy-alpine-310.json'),
        { entityRef: ENTITY, image: older },
      );
      const to = await postEvidence(
        server,
        evidenceFixture('trivy-fluentd-gems.json'),
        { entityRef: ENTITY, image: newer },
      );
      const diff = await request(server)
        .get('/api/maestro/supply-chain/diff')
        .query({ from: from.body.artifact.id, to: to.body.artifact.id })
        .set('Authorization', USER);
      expect(diff.status).toBe(200);
      expect(
        diff.body.vulnerabilities.introduced.map((f: { id: string }) => f.id),
      ).toEqual(['CVE-2019-18224', 'CVE-2020-8165']);
      expect(diff.body.vulnerabilities.fixed).toHaveLength(4);
      expect(diff.body.components).toEqual({
        added: [],
        removed: [],
        changed: [],
      });

      const summary = await request(server)
        .get('/api/maestro/supply-chain/summary')
        .query({ days: 7 })
        .set('Authorization', USER);
      expect(summary.status).toBe(200);
      expect(summary.body.items).toEqual([
        expect.objectContaining({
          entityRef: ENTITY,
          latestArtifactId: to.body.artifact.id,
          counts: expect.objectContaining({ critical: 1, high: 1 }),
        }),
      ]);
      expect(summary.body.items[0].trend).toHaveLength(7);
      expect(summary.body.items[0].trend[6]).toMatchObject({
        critical: 1,
        high: 1,
      });
    });

    it('guards vulnerability exemptions, records them, and stops applying them at expiry', async () => {
      const denied = await startMaestro(knex, {
        permission: AuthorizeResult.DENY,
      });
      const exemption = {
        entityRef: ENTITY,
        vulnerabilityId: 'CVE-2019-18224',
        packageName: 'libidn2-0',
        scope: { channel: 'prod' },
        owner: 'group:default/payments-team',
        reason: 'libidn2 is not reachable from the service',
        ticket: 'SEC-12',
        expiresAt: new Date(Date.now() + 86400_000).toISOString(),
      };
      const refused = await request(denied.server)
        .post('/api/maestro/supply-chain/exemptions')
        .set('Authorization', USER)
        .send(exemption);
      expect(refused.status).toBe(403);

      const { server } = await startMaestro(knex);
      const scan = await postEvidence(
        server,
        evidenceFixture('trivy-fluentd-gems.json'),
      );
      const artifactId = scan.body.artifact.id;
      const missingExpiry = await request(server)
        .post('/api/maestro/supply-chain/exemptions')
        .set('Authorization', USER)
        .send({ ...exemption, expiresAt: undefined });
      expect(missingExpiry.status).toBe(400);
      expect(missingExpiry.body.error.message).toMatch(/expiresAt/);
      const created = await request(server)
        .post('/api/maestro/supply-chain/exemptions')
        .set('Authorization', USER)
        .send(exemption);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        status: 'active',
        createdBy: 'user:default/mock',
      });

      const critical = async () =>
        (
          await request(server)
            .get(`/api/maestro/supply-chain/artifacts/${artifactId}/gate`)
            .query({ channel: 'prod' })
            .set('Authorization', USER)
        ).body.checks.find((c: { id: string }) => c.id === 'critical');
      expect(await critical()).toMatchObject({
        passed: true,
        exemptions: [
          { id: created.body.id, owner: 'group:default/payments-team' },
        ],
      });
      const vulnerabilities = (channel?: string) =>
        request(server)
          .get(
            `/api/maestro/supply-chain/artifacts/${artifactId}/vulnerabilities`,
          )
          .query(channel ? { channel } : {})
          .set('Authorization', USER);
      // Scoped to prod: shown as exempt only where prod is asked about.
      expect((await vulnerabilities()).body.items[0].exemption).toBeUndefined();
      expect(
        (await vulnerabilities('prod')).body.items[0].exemption,
      ).toMatchObject({
        id: created.body.id,
        status: 'active',
      });

      jest.useFakeTimers({
        doNotFake: [
          'hrtime',
          'nextTick',
          'performance',
          'queueMicrotask',
          'requestAnimationFrame',
          'cancelAnimationFrame',
          'requestIdleCallback',
          'cancelIdleCallback',
          'setImmediate',
          'clearImmediate',
          'setInterval',
          'clearInterval',
          'setTimeout',
          'clearTimeout',
        ],
      });
      try {
        jest.setSystemTime(Date.now() + 2 * 86400_000);
        expect(await critical()).toMatchObject({
          passed: false,
          reason: expect.stringMatching(
            /^1 unexempted critical \(CVE-2019-18224\); the exemption for CVE-2019-18224 expired /,
          ),
        });
        expect(
          (await vulnerabilities('prod')).body.items[0].exemption.status,
        ).toBe('expired');
        const listed = await request(server)
          .get('/api/maestro/supply-chain/exemptions')
          .query({ entityRef: ENTITY, status: 'expired' })
          .set('Authorization', USER);
        expect(listed.body.items.map((e: { id: string }) => e.id)).toEqual([
          created.body.id,
        ]);
      } finally {
        jest.useRealTimers();
      }

      const revoked = await request(server)
        .delete(`/api/maestro/supply-chain/exemptions/${created.body.id}`)
        .set('Authorization', USER);
      expect(revoked.status).toBe(204);
      const ledger = await knex('maestro_ledger_entries')
        .where('action', 'like', 'supply-chain.exemption.%')
        .orderBy('sequence');
      expect(ledger.map((e: { action: string }) => e.action)).toEqual([
        'supply-chain.exemption.create',
        'supply-chain.exemption.revoke',
      ]);
    });
  },
);
