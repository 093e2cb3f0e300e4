/**
 * A FAKE OPA server for tests. No OPA binary can be installed or run here,
 * so this is a node http server that answers the one endpoint Maestro uses
 * with the shapes OPA's REST API reference documents
 * (https://www.openpolicyagent.org/docs/latest/rest-api/, "Get a Document
 * (with Input)" and "Errors"):
 *
 * - `POST /v1/data/{path}` with a JSON body `{"input": ...}`;
 * - 200 `{"result": <document>}` when the document is defined, 200 `{}` when
 *   it is undefined (no policy defines the path);
 * - 400 `{"code": "invalid_parameter", "message": ...}` for a malformed body;
 * - 401 `{"code": "unauthorized", "message": "request rejected by
 *   administrative policy"}` when token authentication is on
 *   (`--authentication=token`) and the bearer token is wrong;
 * - other failures `{"code": "internal_error", "message": ...}`.
 *
 * It does not evaluate Rego: each test gives, per data path, a JavaScript
 * function returning what the Rego policy it stands for would return.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeOpaRequest = {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
};

export type FakeOpaOptions = {
  /** Data path (slash-separated, no leading slash) → the document for an input; `undefined` = undefined document. */
  documents?: Record<string, (input: any) => unknown>;
  /** When set, requests must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** Answer every request this way instead (server errors, odd bodies). */
  reply?: { status: number; body: string };
  /** Never answer (for timeouts). */
  hang?: boolean;
};

export type FakeOpaServer = {
  url: string;
  requests: FakeOpaRequest[];
  close(): Promise<void>;
};

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

export async function startFakeOpa(
  options: FakeOpaOptions,
): Promise<FakeOpaServer> {
  const requests: FakeOpaRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: any;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = text;
      }
      const path = (req.url ?? '').split('?')[0];
      requests.push({
        method: req.method ?? '',
        path,
        headers: req.headers,
        body,
      });

      if (options.hang) return;
      if (options.reply) {
        res.writeHead(options.reply.status, {
          'Content-Type': 'application/json',
        });
        res.end(options.reply.body);
        return;
      }
      if (
        options.token !== undefined &&
        req.headers.authorization !== `Bearer ${options.token}`
      ) {
        json(res, 401, {
          code: 'unauthorized',
          message: 'request rejected by administrative policy',
        });
        return;
      }
      const match = /^\/v1\/data\/(.+)$/.exec(path);
      if (req.method !== 'POST' || !match) {
        json(res, 404, { code: 'resource_not_found', message: 'not found' });
        return;
      }
      if (typeof body !== 'object' || body === null) {
        json(res, 400, {
          code: 'invalid_parameter',
          message: 'body contains malformed input document',
        });
        return;
      }
      const document = options.documents?.[decodeURIComponent(match[1])];
      const result = document ? document(body.input) : undefined;
      json(res, 200, result === undefined ? {} : { result });
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
