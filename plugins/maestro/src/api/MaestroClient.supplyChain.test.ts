import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse, JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import {
  artifactDetail,
  artifactDiff,
  artifactSummary,
  gateVerdict,
  sbomComponent,
  supplyChainSummaryItem,
  vulnerabilityExemption,
  vulnerabilityFinding,
} from '../testing/fixtures';
import { MaestroClient } from './MaestroClient';

const baseUrl = 'http://localhost:7007/api/maestro';
const supplyChain = `${baseUrl}/supply-chain`;

const server = setupServer();

/** Answers `body` at `path` and remembers the URL of the last request. */
function answerGet(path: string, body: JsonBodyType) {
  const seen: { url?: URL } = {};
  server.use(
    http.get(path, ({ request }) => {
      seen.url = new URL(request.url);
      return HttpResponse.json(body);
    }),
  );
  return seen;
}

describe('MaestroClient supply chain', () => {
  registerMswTestHooks(server);

  const discoveryApi = { getBaseUrl: jest.fn(async () => baseUrl) };
  const fetchApi = { fetch: jest.fn((input, init) => fetch(input, init)) };
  const client = new MaestroClient({ discoveryApi, fetchApi });

  beforeEach(() => jest.clearAllMocks());

  it("lists an entity's artifacts with paging parameters", async () => {
    const body = { items: [artifactSummary()], totalCount: 31 };
    const seen = answerGet(`${supplyChain}/artifacts`, body);

    await expect(
      client.listArtifacts({
        entityRef: 'component:default/payments-api',
        limit: 20,
        offset: 20,
      }),
    ).resolves.toEqual(body);
    expect(Object.fromEntries(seen.url!.searchParams)).toEqual({
      entityRef: 'component:default/payments-api',
      limit: '20',
      offset: '20',
    });
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('maestro');
  });

  it('reads one artifact, escaping its ID in the path', async () => {
    const body = artifactDetail({ id: 'art/1' });
    const seen = answerGet(`${supplyChain}/artifacts/art%2F1`, body);

    await expect(client.getArtifact('art/1')).resolves.toEqual(body);
    expect(seen.url!.pathname).toBe(
      '/api/maestro/supply-chain/artifacts/art%2F1',
    );
  });

  it('sends search, filters and paging of the SBOM components as URL parameters', async () => {
    const body = {
      items: [sbomComponent()],
      totalCount: 10_000,
      facets: { licenses: ['MIT'], types: ['library'] },
    };
    const seen = answerGet(`${supplyChain}/artifacts/art-1/components`, body);

    await expect(
      client.listArtifactComponents('art-1', {
        search: 'open ssl',
        license: 'Apache-2.0',
        type: 'library',
        relationship: 'transitive',
        offset: 500,
        limit: 500,
      }),
    ).resolves.toEqual(body);
    expect(Object.fromEntries(seen.url!.searchParams)).toEqual({
      search: 'open ssl',
      license: 'Apache-2.0',
      type: 'library',
      relationship: 'transitive',
      offset: '500',
      limit: '500',
    });
  });

  it('leaves out component filters that are empty', async () => {
    const seen = answerGet(`${supplyChain}/artifacts/art-1/components`, {
      items: [],
      totalCount: 0,
      facets: { licenses: [], types: [] },
    });

    await client.listArtifactComponents('art-1', { search: '', offset: 0 });

    expect(Object.fromEntries(seen.url!.searchParams)).toEqual({
      offset: '0',
    });
  });

  it("lists an artifact's vulnerabilities", async () => {
    const body = { items: [vulnerabilityFinding()] };
    answerGet(`${supplyChain}/artifacts/art-1/vulnerabilities`, body);

    await expect(client.listArtifactVulnerabilities('art-1')).resolves.toEqual(
      body,
    );
  });

  it('asks for the gate verdict of one channel', async () => {
    const body = gateVerdict({ channel: 'prod' });
    const seen = answerGet(`${supplyChain}/artifacts/art-1/gate`, body);

    await expect(client.getGateVerdict('art-1', 'prod')).resolves.toEqual(body);
    expect(Object.fromEntries(seen.url!.searchParams)).toEqual({
      channel: 'prod',
    });
  });

  it('downloads a raw document through fetchApi under the name the backend gives', async () => {
    const raw = '{"bomFormat":"CycloneDX","specVersion":"1.5"}';
    server.use(
      http.get(
        `${supplyChain}/documents/doc-1/raw`,
        () =>
          new HttpResponse(raw, {
            headers: {
              'Content-Type': 'application/vnd.cyclonedx+json',
              'Content-Disposition': 'attachment; filename="sbom-art-1.json"',
            },
          }),
      ),
    );

    const download = await client.downloadEvidenceDocument('doc-1');

    expect(download.filename).toBe('sbom-art-1.json');
    expect(await download.data.text()).toBe(raw);
    expect(fetchApi.fetch).toHaveBeenCalledWith(
      `${supplyChain}/documents/doc-1/raw`,
    );
  });

  it('names a raw document after its ID when the backend suggests no name', async () => {
    server.use(
      http.get(
        `${supplyChain}/documents/doc-2/raw`,
        () => new HttpResponse('{}'),
      ),
    );

    const download = await client.downloadEvidenceDocument('doc-2');

    expect(download.filename).toBe('maestro-evidence-doc-2.json');
  });

  it('refuses a raw document with a ResponseError', async () => {
    server.use(
      http.get(`${supplyChain}/documents/gone/raw`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: 'No document gone' },
            request: { method: 'GET', url: '/' },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );

    const error = await client.downloadEvidenceDocument('gone').catch(e => e);

    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
  });

  it('asks for the diff from one artifact to another', async () => {
    const body = artifactDiff();
    const seen = answerGet(`${supplyChain}/diff`, body);

    await expect(client.diffArtifacts('art-0', 'art-1')).resolves.toEqual(body);
    expect(Object.fromEntries(seen.url!.searchParams)).toEqual({
      from: 'art-0',
      to: 'art-1',
    });
  });

  it('filters vulnerability exemptions by entity and status', async () => {
    const body = { items: [vulnerabilityExemption()] };
    const seen = answerGet(`${supplyChain}/exemptions`, body);

    await expect(
      client.listVulnerabilityExemptions({
        entityRef: 'component:default/payments-api',
        status: 'active',
      }),
    ).resolves.toEqual(body);
    expect(Object.fromEntries(seen.url!.searchParams)).toEqual({
      entityRef: 'component:default/payments-api',
      status: 'active',
    });

    await client.listVulnerabilityExemptions();
    expect(seen.url!.search).toBe('');
  });

  it('posts a vulnerability exemption as JSON', async () => {
    const request = {
      entityRef: 'component:default/payments-api',
      vulnerabilityId: 'CVE-2024-0001',
      packageName: 'openssl',
      scope: { channel: 'prod' },
      owner: 'group:default/payments-team',
      reason: 'Not reachable',
      ticket: 'SEC-77',
      expiresAt: '2026-12-31T00:00:00.000Z',
    };
    const record = vulnerabilityExemption(request);
    let received: { method: string; type: string | null; body: unknown };
    server.use(
      http.post(`${supplyChain}/exemptions`, async ({ request: req }) => {
        received = {
          method: req.method,
          type: req.headers.get('content-type'),
          body: await req.json(),
        };
        return HttpResponse.json(record, { status: 201 });
      }),
    );

    await expect(client.createVulnerabilityExemption(request)).resolves.toEqual(
      record,
    );
    expect(received!).toEqual({
      method: 'POST',
      type: 'application/json',
      body: request,
    });
  });

  it('revokes a vulnerability exemption with DELETE', async () => {
    let method: string | undefined;
    server.use(
      http.delete(`${supplyChain}/exemptions/vex%2F1`, ({ request }) => {
        method = request.method;
        return new HttpResponse(null, { status: 204 });
      }),
    );

    await expect(
      client.revokeVulnerabilityExemption('vex/1'),
    ).resolves.toBeUndefined();
    expect(method).toBe('DELETE');
  });

  it('asks for the summary over a window of days', async () => {
    const body = { items: [supplyChainSummaryItem()] };
    const seen = answerGet(`${supplyChain}/summary`, body);

    await expect(client.getSupplyChainSummary({ days: 14 })).resolves.toEqual(
      body,
    );
    expect(Object.fromEntries(seen.url!.searchParams)).toEqual({ days: '14' });

    await client.getSupplyChainSummary();
    expect(seen.url!.search).toBe('');
  });
});
