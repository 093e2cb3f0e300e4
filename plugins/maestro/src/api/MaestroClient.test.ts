import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import {
  LedgerPage,
  LedgerVerification,
  MaestroServiceList,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  policyEvaluation,
  policyExemption,
  policyRule,
} from '../testing/fixtures';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { MaestroClient } from './MaestroClient';

const baseUrl = 'http://localhost:7007/api/maestro';

const server = setupServer();

function backstageError(status: number, name: string, message: string) {
  return HttpResponse.json(
    {
      error: { name, message },
      request: { method: 'GET', url: '/' },
      response: { statusCode: status },
    },
    { status },
  );
}

describe('MaestroClient', () => {
  registerMswTestHooks(server);

  const discoveryApi = { getBaseUrl: jest.fn(async () => baseUrl) };
  const fetchApi = { fetch: jest.fn((input, init) => fetch(input, init)) };
  const client = new MaestroClient({ discoveryApi, fetchApi });

  beforeEach(() => jest.clearAllMocks());

  it('lists services from the maestro backend through fetchApi', async () => {
    const body: MaestroServiceList = { items: [] };
    server.use(http.get(`${baseUrl}/services`, () => HttpResponse.json(body)));

    await expect(client.listServices()).resolves.toEqual(body);
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('maestro');
    expect(fetchApi.fetch).toHaveBeenCalledWith(`${baseUrl}/services`);
  });

  it('sends the ledger query as URL parameters', async () => {
    const page: LedgerPage = { entries: [], headSequence: 7 };
    let requested: URL | undefined;
    server.use(
      http.get(`${baseUrl}/ledger`, ({ request }) => {
        requested = new URL(request.url);
        return HttpResponse.json(page);
      }),
    );

    await expect(
      client.getLedger({
        after: 5,
        limit: 20,
        target: 'component:default/payments-api',
        order: 'desc',
      }),
    ).resolves.toEqual(page);

    expect(Object.fromEntries(requested!.searchParams)).toEqual({
      after: '5',
      limit: '20',
      target: 'component:default/payments-api',
      order: 'desc',
    });
  });

  it('leaves out ledger parameters that were not given', async () => {
    let requested: URL | undefined;
    server.use(
      http.get(`${baseUrl}/ledger`, ({ request }) => {
        requested = new URL(request.url);
        return HttpResponse.json({ entries: [], headSequence: 0 });
      }),
    );

    await client.getLedger();

    expect(requested!.search).toBe('');
  });

  it('reads the verification result', async () => {
    const verification: LedgerVerification = {
      ok: true,
      checked: 3,
      headSequence: 3,
      headHash: 'a'.repeat(64),
    };
    server.use(
      http.get(`${baseUrl}/ledger/verify`, () =>
        HttpResponse.json(verification),
      ),
    );

    await expect(client.verifyLedger()).resolves.toEqual(verification);
  });

  it('throws a ResponseError carrying the backend error envelope', async () => {
    server.use(
      http.get(`${baseUrl}/ledger`, () =>
        backstageError(400, 'InputError', 'Invalid ledger query'),
      ),
    );

    const error = await client.getLedger({ limit: 9999 }).catch(e => e);

    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(400);
    expect(error.body.error).toEqual({
      name: 'InputError',
      message: 'Invalid ledger query',
    });
  });

  it('gives the absolute export URL', async () => {
    await expect(client.getLedgerExportUrl()).resolves.toBe(
      `${baseUrl}/ledger/export`,
    );
  });

  it('downloads the export under the file name the backend suggests', async () => {
    const ndjson = '{"sequence":1}\n{"sequence":2}\n';
    server.use(
      http.get(
        `${baseUrl}/ledger/export`,
        () =>
          new HttpResponse(ndjson, {
            headers: {
              'Content-Type': 'application/x-ndjson; charset=utf-8',
              'Content-Disposition':
                'attachment; filename="maestro-ledger-2026-11-23.ndjson"',
            },
          }),
      ),
    );

    const download = await client.exportLedger();

    expect(download.filename).toBe('maestro-ledger-2026-11-23.ndjson');
    expect(await download.data.text()).toBe(ndjson);
  });

  it('refuses the export with a 403 ResponseError when not permitted', async () => {
    server.use(
      http.get(`${baseUrl}/ledger/export`, () =>
        backstageError(403, 'NotAllowedError', 'Unauthorized'),
      ),
    );

    const error = await client.exportLedger().catch(e => e);

    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
  });

  describe('policy', () => {
    it('lists the policy rules', async () => {
      const body = { items: [policyRule()] };
      server.use(
        http.get(`${baseUrl}/policy/rules`, () => HttpResponse.json(body)),
      );

      await expect(client.listPolicyRules()).resolves.toEqual(body);
    });

    it('filters exemptions by entity and status through URL parameters', async () => {
      const body = { items: [policyExemption()] };
      let requested: URL | undefined;
      server.use(
        http.get(`${baseUrl}/policy/exemptions`, ({ request }) => {
          requested = new URL(request.url);
          return HttpResponse.json(body);
        }),
      );

      await expect(
        client.listPolicyExemptions({
          entityRef: 'component:default/payments-api',
          status: 'expired',
        }),
      ).resolves.toEqual(body);
      expect(Object.fromEntries(requested!.searchParams)).toEqual({
        entityRef: 'component:default/payments-api',
        status: 'expired',
      });

      await client.listPolicyExemptions();
      expect(requested!.search).toBe('');
    });

    it('posts a new exemption as JSON and returns the stored record', async () => {
      const record = policyExemption();
      const request = {
        entityRef: 'component:default/payments-api',
        ruleId: 'MAESTRO-K8S-014',
        selector: { resourceKind: 'Deployment', resourceName: 'payments-api' },
        owner: 'group:default/payments-team',
        reason: 'Sidecar needs root until the vendor ships 2.0',
        ticket: 'SEC-1234',
        expiresAt: '2026-12-01T00:00:00.000Z',
      };
      let received: { method: string; type: string | null; body: unknown };
      server.use(
        http.post(`${baseUrl}/policy/exemptions`, async ({ request: req }) => {
          received = {
            method: req.method,
            type: req.headers.get('content-type'),
            body: await req.json(),
          };
          return HttpResponse.json(record, { status: 201 });
        }),
      );

      await expect(client.createPolicyExemption(request)).resolves.toEqual(
        record,
      );
      expect(received!).toEqual({
        method: 'POST',
        type: 'application/json',
        body: request,
      });
    });

    it('refuses an exemption with a 403 ResponseError for non-owners', async () => {
      server.use(
        http.post(`${baseUrl}/policy/exemptions`, () =>
          backstageError(403, 'NotAllowedError', 'Unauthorized'),
        ),
      );

      const error = await client
        .createPolicyExemption({
          entityRef: 'component:default/payments-api',
          ruleId: 'MAESTRO-DF-001',
          owner: 'user:default/jane.doe',
          reason: 'r',
          ticket: 'T-1',
          expiresAt: '2026-12-01T00:00:00.000Z',
        })
        .catch(e => e);

      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(403);
    });

    it('revokes an exemption with DELETE', async () => {
      let method: string | undefined;
      server.use(
        http.delete(`${baseUrl}/policy/exemptions/ex%2F1`, ({ request }) => {
          method = request.method;
          return new HttpResponse(null, { status: 204 });
        }),
      );

      await expect(client.revokePolicyExemption('ex/1')).resolves.toBe(
        undefined,
      );
      expect(method).toBe('DELETE');
    });

    it('throws a ResponseError when revoking an unknown exemption', async () => {
      server.use(
        http.delete(`${baseUrl}/policy/exemptions/missing`, () =>
          backstageError(404, 'NotFoundError', 'No exemption missing'),
        ),
      );

      const error = await client.revokePolicyExemption('missing').catch(e => e);

      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(404);
      expect(error.body.error.message).toBe('No exemption missing');
    });

    it('asks for stored evaluations of an entity with digest and limit', async () => {
      const body = { items: [policyEvaluation()] };
      let requested: URL | undefined;
      server.use(
        http.get(`${baseUrl}/policy/results`, ({ request }) => {
          requested = new URL(request.url);
          return HttpResponse.json(body);
        }),
      );

      await expect(
        client.listPolicyResults({
          entityRef: 'component:default/payments-api',
          imageDigest: `sha256:${'a'.repeat(64)}`,
          limit: 1,
        }),
      ).resolves.toEqual(body);
      expect(Object.fromEntries(requested!.searchParams)).toEqual({
        entityRef: 'component:default/payments-api',
        imageDigest: `sha256:${'a'.repeat(64)}`,
        limit: '1',
      });
    });

    it('throws a ResponseError when the results cannot be read', async () => {
      server.use(
        http.get(`${baseUrl}/policy/results`, () =>
          backstageError(400, 'InputError', 'entityRef is required'),
        ),
      );

      const error = await client
        .listPolicyResults({ entityRef: '' })
        .catch(e => e);

      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(400);
    });
  });
});
