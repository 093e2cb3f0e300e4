/*
 * The OpenAPI document (src/schema/openapi.yaml) against the running plugin:
 * the whole backend in startTestBackend, on PostgreSQL and SQLite.
 *
 * - every route express registered under /api/maestro has its path and
 *   method in the document, and every operation of the document a route, so
 *   a route added without a spec entry fails here;
 * - one representative request per operation (and a few errors) answers a
 *   status the operation declares, with a JSON body that validates against
 *   its schema, closed: a field the backend sends but the document does not
 *   name fails too;
 * - the example body of every operation that takes one validates against
 *   its request schema, and is the body the representative request sent;
 * - the generated router's `spec` is the yaml (regenerate with
 *   `node scripts/generate-openapi-router.mjs plugins/maestro-backend`).
 */
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { COMPLIANT_DOCKERFILE } from '@maestro-conductor/backstage-plugin-maestro-node/testUtils';
import { Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import {
  component,
  PAYMENTS_API,
  startMaestroBackend,
} from '../__testUtils__/startMaestroBackend';
import {
  A_TXT_DIGEST,
  BEACON_IDENTITY,
  evidenceFixture,
  PUBLIC_GOOD_TRUSTED_ROOT_PATH,
  signatureFixture,
} from '../supplyChain/__testUtils__/fixtures';
import {
  createSchemaValidator,
  loadSpec,
  matchSpecPath,
  registeredRoutes,
  specOperations,
} from './__testUtils__/openApiContract';
import { spec as generatedSpec } from './openapi';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const BASE = '/api/maestro';
const REPOSITORY = 'ghcr.io/acme/payments-api';
const SECOND_DIGEST = `sha256:${'b'.repeat(64)}`;
const CI = mockCredentials.service.header();
const USER = mockCredentials.user.header();
const NONE = mockCredentials.none.header();
const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

/** Where the test catalog says its entities come from: a trusted location. */
const LOCATION = { type: 'file', target: './catalog/entities.yaml' };
const paymentsApi = component('payments-api', {
  'maestro.io/image': REPOSITORY,
  'maestro.io/channels': 'dev,prod',
  'maestro.io/helm-chart': 'services/payments-api/chart',
  'github.com/project-slug': 'acme/payments-api',
  'backstage.io/managed-by-origin-location': `file:${resolve(LOCATION.target)}`,
});

const NONCOMPLIANT_DOCKERFILE = [
  'FROM node:latest',
  'RUN npm install',
  'CMD ["node", "server.js"]',
  '',
].join('\n');
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments-api
  namespace: payments
spec:
  replicas: 1
  selector:
    matchLabels: { app: payments-api }
  template:
    metadata:
      labels: { app: payments-api }
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/payments-api:1.4.2
`;

/** The example bodies, one per operation that takes a JSON body; the representative requests send them. */
const examples = (ids: {
  vulnerabilityId: string;
  ruleId: string;
  artifactId?: string;
}) => ({
  'POST /releases/promotions': {
    entityRef: PAYMENTS_API,
    channel: 'dev',
    artifactId: ids.artifactId ?? '00000000-0000-4000-8000-000000000000',
  },
  'POST /releases/rollbacks': {
    entityRef: PAYMENTS_API,
    channel: 'dev',
    revision: 1,
  },
  'POST /releases/approvals': {
    entityRef: PAYMENTS_API,
    channel: 'prod',
    artifactId: ids.artifactId ?? '00000000-0000-4000-8000-000000000000',
  },
  'POST /hud/events': {
    eventId: 'contract-jenkins-77-unit-tests',
    entityRef: PAYMENTS_API,
    provider: 'jenkins',
    runId: 'payments-api/77',
    runName: 'payments-api #77',
    runUrl: 'https://jenkins.acme.dev/job/payments-api/77/',
    pullRequest: 42,
    commit: '1f2e3d4c5b6a',
    branch: 'feature/retry',
    stage: 'unit-tests',
    status: 'failed',
    startedAt: '2026-12-01T11:00:00Z',
    finishedAt: '2026-12-01T11:03:00Z',
    tests: {
      passed: 311,
      failed: 1,
      failures: [{ name: 'CaptureTest.retries', message: 'expected 1' }],
    },
    occurredAt: '2026-12-01T11:03:00Z',
  },
  'POST /hud/cloudevents': {
    specversion: '1.0',
    id: 'contract-tekton-1',
    source:
      '/apis/tekton.dev/v1/namespaces/payments-ci/PipelineRun/payments-api-build-x7k2p',
    type: 'dev.tekton.event.pipelinerun.started.v1',
    time: '2026-12-01T10:00:01.204Z',
    datacontenttype: 'application/json',
    data: {
      pipelineRun: {
        metadata: {
          name: 'payments-api-build-x7k2p',
          namespace: 'payments-ci',
          labels: { 'tekton.dev/pipeline': 'payments-api-build' },
          annotations: {
            'maestro.io/entity-ref': PAYMENTS_API,
            'maestro.io/pull-request': '42',
          },
        },
        status: {
          startTime: '2026-12-01T10:00:01Z',
          conditions: [
            { type: 'Succeeded', status: 'Unknown', reason: 'Running' },
          ],
        },
      },
    },
  },
  'POST /supply-chain/artifacts': {
    entityRef: PAYMENTS_API,
    repository: REPOSITORY,
    digest: A_TXT_DIGEST,
    tags: ['1.4.2'],
    commit: '1f2e3d4c5b6a',
    branch: 'main',
    pullRequest: 42,
    buildRunUrl: 'https://jenkins.acme.dev/job/payments-api/77/',
  },
  'POST /supply-chain/artifacts/{artifactId}/reassign': {
    entityRef: PAYMENTS_API,
    reason: 'The digest was claimed by the wrong service',
  },
  'POST /supply-chain/exemptions': {
    entityRef: PAYMENTS_API,
    vulnerabilityId: ids.vulnerabilityId,
    scope: { channel: 'prod' },
    owner: 'group:payments-team',
    reason: 'Not reachable from the payment path',
    ticket: 'SEC-123',
    expiresAt: inAWeek(),
  },
  'POST /policy/evaluate': {
    entityRef: PAYMENTS_API,
    imageDigest: A_TXT_DIGEST,
    store: true,
    source: 'ci',
    inputs: [
      { kind: 'dockerfile', path: 'Dockerfile', content: COMPLIANT_DOCKERFILE },
      { kind: 'kubernetes', path: 'k8s/deployment.yaml', content: DEPLOYMENT },
    ],
  },
  'POST /policy/exemptions': {
    entityRef: PAYMENTS_API,
    ruleId: ids.ruleId,
    selector: { file: 'Dockerfile' },
    owner: 'group:payments-team',
    reason: 'The base image is pinned by the platform build',
    ticket: 'SEC-124',
    expiresAt: inAWeek(),
  },
  'POST /policy/bypass': {
    entityRef: PAYMENTS_API,
    imageDigest: A_TXT_DIGEST,
    reason: 'Hotfix for the checkout outage, reviewed by the on-call',
  },
});
type ExampleKey = keyof ReturnType<typeof examples>;

type Exchange = {
  operation: string;
  status: number;
  contentType: string;
  body: unknown;
};

/** Sends requests to the plugin and keeps what each operation answered. */
function recorder(server: Server) {
  const exchanges: Exchange[] = [];
  const spec = loadSpec();
  const send = async (
    method: 'get' | 'post' | 'delete',
    path: string,
    options: {
      auth?: string;
      query?: Record<string, string>;
      body?: unknown;
      raw?: string;
      headers?: Record<string, string>;
    } = {},
  ) => {
    let req = request(server)[method](`${BASE}${path}`);
    req = req.set('Authorization', options.auth ?? USER);
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      req = req.set(name, value);
    }
    if (options.query) req = req.query(options.query);
    // Bodies that are not JSON (ndjson) are kept as text.
    req = req.buffer(true).parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', chunk => (text += chunk));
      res.on('end', () => done(null, text));
    });
    let payload: string | object | undefined = options.raw;
    if (payload === undefined && options.body !== undefined) {
      payload = options.body as object;
    }
    const res = await (payload === undefined ? req : req.send(payload));
    const contentType = String(res.headers['content-type'] ?? '').split(';')[0];
    const text = res.body as string;
    const body =
      contentType === 'application/json' && text ? JSON.parse(text) : text;
    const template = matchSpecPath(spec, path) ?? path.split('?')[0];
    exchanges.push({
      operation: `${method.toUpperCase()} ${template}`,
      status: res.status,
      contentType,
      body,
    });
    return { status: res.status, body: body as any };
  };
  return { exchanges, send };
}

/** One representative request per operation, in an order that gives each something to show. */
async function exercise(server: Server) {
  const { exchanges, send } = recorder(server);
  const ok = (res: { status: number; body: unknown }, status: number) => {
    if (res.status !== status) {
      throw new Error(
        `expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`,
      );
    }
    return res.body as any;
  };

  // The vulnerability and rule ids come from answers; the rest is fixed.
  let ids: { vulnerabilityId: string; ruleId: string; artifactId?: string } = {
    vulnerabilityId: 'CVE-0000-0000',
    ruleId: 'MAESTRO-DF-001',
  };
  const body = (key: ExampleKey) => examples(ids)[key];

  ok(await send('get', '/health', { auth: NONE }), 200);
  ok(await send('get', '/services', { auth: NONE }), 401);
  ok(await send('get', '/services'), 200);

  // HUD
  ok(
    await send('post', '/hud/events', {
      auth: CI,
      body: body('POST /hud/events'),
    }),
    201,
  );
  ok(
    await send('post', '/hud/events', {
      auth: CI,
      body: {
        ...body('POST /hud/events'),
        eventId: 'contract-run',
        stage: undefined,
        status: 'running',
      },
    }),
    201,
  );
  ok(
    await send('post', '/hud/cloudevents', {
      auth: CI,
      headers: { 'Content-Type': 'application/cloudevents+json' },
      raw: JSON.stringify(body('POST /hud/cloudevents')),
    }),
    201,
  );
  ok(
    await send('get', '/hud/timeline', { query: { entityRef: PAYMENTS_API } }),
    200,
  );
  ok(await send('get', '/hud/timeline'), 400);
  ok(
    await send('get', '/hud/pull-requests/42', {
      query: { entityRef: PAYMENTS_API },
    }),
    200,
  );
  ok(
    await send('get', '/hud/metrics', {
      query: { entityRef: PAYMENTS_API, days: '30' },
    }),
    200,
  );
  ok(await send('get', '/hud/metrics'), 200);
  ok(
    await send('get', '/hud/alerts', { query: { entityRef: PAYMENTS_API } }),
    200,
  );
  ok(await send('get', '/hud/unrouted'), 200);

  // Supply chain
  const artifact = ok(
    await send('post', '/supply-chain/artifacts', {
      auth: CI,
      body: body('POST /supply-chain/artifacts'),
    }),
    201,
  );
  const evidence = (image: string, document: Buffer) =>
    send('post', '/supply-chain/evidence', {
      auth: CI,
      query: { entityRef: PAYMENTS_API, image: `${REPOSITORY}@${image}` },
      headers: { 'Content-Type': 'application/json' },
      raw: document.toString('utf8'),
    });
  const sbom = ok(
    await evidence(
      A_TXT_DIGEST,
      evidenceFixture('cyclonedx-1.7-trivy-npm.cdx.json'),
    ),
    201,
  );
  ok(
    await evidence(A_TXT_DIGEST, evidenceFixture('trivy-alpine-310.json')),
    201,
  );
  ok(
    await evidence(
      A_TXT_DIGEST,
      signatureFixture('public-good/a.txt.slsa-v1.sigstore.json'),
    ),
    201,
  );
  ok(
    await evidence(A_TXT_DIGEST, evidenceFixture('trivy-alpine-310.json')),
    200,
  );
  const second = ok(
    await evidence(
      SECOND_DIGEST,
      evidenceFixture('cyclonedx-1.4-laravel.bom.json'),
    ),
    201,
  );
  ok(
    await send('get', '/supply-chain/artifacts', {
      query: { entityRef: PAYMENTS_API },
    }),
    200,
  );
  ok(await send('get', `/supply-chain/artifacts/${artifact.id}`), 200);
  ok(await send('get', '/supply-chain/artifacts/no-such-artifact'), 404);
  ok(
    await send('get', `/supply-chain/artifacts/${artifact.id}/components`, {
      query: { limit: '5' },
    }),
    200,
  );
  const findings = ok(
    await send(
      'get',
      `/supply-chain/artifacts/${artifact.id}/vulnerabilities`,
      { query: { channel: 'prod' } },
    ),
    200,
  );
  ids = { ...ids, vulnerabilityId: findings.items[0].id };
  ok(
    await send('get', `/supply-chain/artifacts/${artifact.id}/gate`, {
      query: { channel: 'prod' },
    }),
    200,
  );
  ok(await send('get', `/supply-chain/documents/${sbom.document.id}/raw`), 200);
  ok(
    await send('get', '/supply-chain/diff', {
      query: { from: second.artifact.id, to: artifact.id },
    }),
    200,
  );
  ok(await send('get', '/supply-chain/summary', { query: { days: '7' } }), 200);
  const vulnerabilityExemption = ok(
    await send('post', '/supply-chain/exemptions', {
      body: body('POST /supply-chain/exemptions'),
    }),
    201,
  );
  ok(
    await send('post', '/supply-chain/exemptions', {
      body: body('POST /supply-chain/exemptions'),
    }),
    200,
  );
  ok(
    await send(
      'get',
      `/supply-chain/artifacts/${artifact.id}/vulnerabilities`,
      { query: { channel: 'prod' } },
    ),
    200,
  );
  ok(
    await send('get', `/supply-chain/artifacts/${artifact.id}/gate`, {
      query: { channel: 'prod' },
    }),
    200,
  );
  ok(
    await send('get', '/supply-chain/exemptions', {
      query: { entityRef: PAYMENTS_API },
    }),
    200,
  );
  ok(
    await send(
      'delete',
      `/supply-chain/exemptions/${vulnerabilityExemption.id}`,
    ),
    204,
  );
  ok(
    await send('get', '/supply-chain/exemptions', {
      query: { status: 'revoked' },
    }),
    200,
  );
  ok(
    await send(
      'post',
      `/supply-chain/artifacts/${second.artifact.id}/reassign`,
      {
        body: body('POST /supply-chain/artifacts/{artifactId}/reassign'),
      },
    ),
    200,
  );

  // Policy
  ok(await send('get', '/policy/rules'), 200);
  const report = ok(
    await send('post', '/policy/evaluate', {
      body: {
        inputs: [
          {
            kind: 'dockerfile',
            path: 'Dockerfile',
            content: NONCOMPLIANT_DOCKERFILE,
          },
        ],
      },
    }),
    200,
  );
  ids = { ...ids, ruleId: report.report.findings[0].ruleId };
  const policyExemption = ok(
    await send('post', '/policy/exemptions', {
      body: body('POST /policy/exemptions'),
    }),
    201,
  );
  ok(
    await send('post', '/policy/evaluate', {
      auth: CI,
      body: body('POST /policy/evaluate'),
    }),
    201,
  );
  ok(
    await send('post', '/policy/evaluate', {
      body: {
        entityRef: PAYMENTS_API,
        inputs: [
          {
            kind: 'dockerfile',
            path: 'Dockerfile',
            content: NONCOMPLIANT_DOCKERFILE,
          },
        ],
      },
    }),
    200,
  );
  ok(
    await send('get', '/policy/results', {
      query: { entityRef: PAYMENTS_API },
    }),
    200,
  );
  ok(
    await send('get', '/policy/exemptions', {
      query: { entityRef: PAYMENTS_API },
    }),
    200,
  );
  ok(await send('delete', `/policy/exemptions/${policyExemption.id}`), 204);
  ok(await send('delete', `/policy/exemptions/${policyExemption.id}`), 400);
  ok(
    await send('post', '/policy/bypass', {
      body: body('POST /policy/bypass'),
      headers: { 'Idempotency-Key': 'contract-bypass-1' },
    }),
    201,
  );
  ok(
    await send('post', '/policy/bypass', {
      body: body('POST /policy/bypass'),
      headers: { 'Idempotency-Key': 'contract-bypass-1' },
    }),
    201,
  );

  // Release channels (a GitOps repository seeded from examples/gitops)
  ids = { ...ids, artifactId: artifact.id };
  const releaseQuery = {
    entityRef: PAYMENTS_API,
    channel: 'dev',
    artifactId: artifact.id,
  };
  ok(await send('get', '/releases/checklist', { query: releaseQuery }), 200);
  ok(await send('get', '/releases/diff', { query: releaseQuery }), 200);
  ok(
    await send('post', '/releases/promotions', {
      body: body('POST /releases/promotions'),
    }),
    201,
  );
  ok(
    await send('post', '/releases/promotions', {
      body: {
        entityRef: PAYMENTS_API,
        channel: 'dev',
        digest: 'ghcr.io/acme/payments-api:1.4.2',
      },
    }),
    400,
  );
  ok(
    await send('get', '/releases', { query: { entityRef: PAYMENTS_API } }),
    200,
  );
  ok(await send('get', '/releases/matrix'), 200);
  ok(
    await send('get', '/releases/revisions', {
      query: { entityRef: PAYMENTS_API, channel: 'dev' },
    }),
    200,
  );
  // Already what dev's overlay names: nothing to roll back to.
  ok(
    await send('post', '/releases/rollbacks', {
      body: body('POST /releases/rollbacks'),
    }),
    409,
  );
  // The mock user is no member of the owning group.
  ok(
    await send('post', '/releases/approvals', {
      body: body('POST /releases/approvals'),
    }),
    403,
  );
  ok(
    await send('get', '/releases/approvals', {
      query: { ...releaseQuery, channel: 'prod' },
    }),
    200,
  );

  // Ledger
  ok(
    await send('get', '/ledger', { query: { order: 'desc', limit: '2' } }),
    200,
  );
  ok(await send('get', '/ledger'), 200);
  ok(await send('get', '/ledger/verify'), 200);
  ok(await send('get', '/ledger/export'), 200);

  return { exchanges, examples: examples(ids) };
}

describe.each(databases.eachSupportedId())(
  'the OpenAPI document against the plugin on %s',
  databaseId => {
    const spec = loadSpec();
    const validate = createSchemaValidator(spec);
    let server: Server;
    let run: Awaited<ReturnType<typeof exercise>>;

    const gitops = mkdtempSync(join(os.tmpdir(), 'maestro-contract-'));
    afterAll(() => rmSync(gitops, { recursive: true, force: true }));

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      ({ server } = await startMaestroBackend(knex, {
        entities: [paymentsApi],
        config: { catalog: { locations: [LOCATION] } },
        maestro: {
          releases: {
            gitops: {
              repository: join(gitops, 'gitops.git'),
              seedDirectory: resolve(__dirname, '../../../../examples/gitops'),
            },
          },
          supplyChain: {
            signatures: {
              trustedRootPath: PUBLIC_GOOD_TRUSTED_ROOT_PATH,
              identities: [BEACON_IDENTITY],
            },
            gates: {
              prod: {
                allowedBuilders: [
                  'https://github.com/loosebazooka/aa-test/.github/workflows/provenance.yaml',
                ],
              },
            },
          },
        },
      }));
      run = await exercise(server);
    });

    it('has a spec entry for every route express registered, and a route for every spec entry', () => {
      const routes = registeredRoutes(server, BASE);
      const operations = specOperations(spec);
      expect({
        routesWithoutSpec: routes.filter(r => !operations.includes(r)),
        specWithoutRoute: operations.filter(o => !routes.includes(o)),
      }).toEqual({ routesWithoutSpec: [], specWithoutRoute: [] });
    });

    it('sends a representative request to every operation', () => {
      const exercised = new Set(run.exchanges.map(e => e.operation));
      expect(specOperations(spec).filter(o => !exercised.has(o))).toEqual([]);
    });

    it('answers every request with a status the operation declares and a body its schema accepts', () => {
      const problems: string[] = [];
      for (const exchange of run.exchanges) {
        const [method, path] = exchange.operation.split(' ');
        const operation = spec.paths[path]?.[method.toLowerCase()];
        const label = `${exchange.operation} → ${exchange.status}`;
        if (!operation) {
          problems.push(`${label}: no such operation in the document`);
          continue;
        }
        const response = operation.responses[String(exchange.status)];
        if (!response) {
          problems.push(`${label}: status not declared`);
          continue;
        }
        const resolved = response.$ref
          ? spec.components.responses[response.$ref.split('/').pop()]
          : response;
        const content = resolved.content ?? {};
        if (!Object.keys(content).length) {
          if (exchange.body) problems.push(`${label}: declares no body`);
          continue;
        }
        const media = content[exchange.contentType];
        if (!media) {
          problems.push(
            `${label}: content type ${exchange.contentType} not declared`,
          );
          continue;
        }
        if (exchange.contentType === 'application/x-ndjson') {
          const lines = String(exchange.body).trim().split('\n');
          lines.forEach((line, index) =>
            validate(
              spec.components.schemas.LedgerEntry,
              JSON.parse(line),
            ).forEach(error =>
              problems.push(`${label}: line ${index + 1}: ${error}`),
            ),
          );
          continue;
        }
        for (const error of validate(media.schema, exchange.body)) {
          problems.push(`${label}: ${error}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('accepts the example body of every operation that takes one', () => {
      const problems: string[] = [];
      const withBody = specOperations(spec).filter(o => {
        const [method, path] = o.split(' ');
        return spec.paths[path][method.toLowerCase()].requestBody;
      });
      for (const operation of withBody) {
        const [method, path] = operation.split(' ');
        const content =
          spec.paths[path][method.toLowerCase()].requestBody.content;
        const example = run.examples[operation as ExampleKey];
        if (operation === 'POST /supply-chain/evidence') {
          // Any JSON document; the representative requests send real evidence.
          continue;
        }
        if (!example) {
          problems.push(`${operation}: no example body`);
          continue;
        }
        // The first media type is the one the example is sent as.
        const [media] = Object.values<{ schema: object }>(content);
        for (const error of validate(media.schema, example)) {
          problems.push(`${operation}: ${error}`);
        }
      }
      expect(problems).toEqual([]);
    });
  },
);

describe('the contract checks', () => {
  const spec = loadSpec();
  const validate = createSchemaValidator(spec);

  it('refuse a field the document does not name, in nested and merged schemas', () => {
    const artifact = {
      id: 'a1',
      entityRef: PAYMENTS_API,
      repository: REPOSITORY,
      digest: A_TXT_DIGEST,
      tags: [],
      createdAt: '2026-12-01T11:00:00.000Z',
    };
    const { ArtifactSummary, EvidenceIngestResult } = spec.components.schemas;
    expect(
      validate(EvidenceIngestResult, {
        artifact: { ...artifact, createdBy: 'service:ci' },
        document: {},
        created: true,
        warnings: [],
      }),
    ).toEqual(
      expect.arrayContaining([
        '/artifact must NOT have additional properties: createdBy',
      ]),
    );
    expect(validate(ArtifactSummary, { ...artifact, updatedAt: 'x' })).toEqual(
      expect.arrayContaining([
        '(body) must NOT have additional properties: updatedAt',
      ]),
    );
  });

  it('find the yaml in the generated router (its spec export)', () => {
    expect(JSON.parse(JSON.stringify(generatedSpec))).toEqual(loadSpec());
  });
});
