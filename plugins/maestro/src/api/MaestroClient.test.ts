import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import {
  LedgerPage,
  LedgerVerification,
  MaestroServiceList,
} from '@maestro-conductor/backstage-plugin-maestro-common';
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
});
