import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  MaestroBackend,
  startMaestroBackend,
} from '../__testUtils__/startMaestroBackend';

jest.setTimeout(60_000);

// The marker sits in every refused body: no answer may contain it.
const MARKER = 'ECHO-MARKER-7d1f';

function malformedJson(bytes: number): string {
  const filler = `${MARKER} `.repeat(Math.ceil(bytes / (MARKER.length + 1)));
  return `{"inputs": [${filler}`;
}

describe('error responses', () => {
  let server: MaestroBackend['server'];

  beforeAll(async () => {
    // The test backend's own database.
    ({ server } = await startMaestroBackend(undefined, { entities: [] }));
  });

  function expectNoEcho(res: request.Response) {
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.text).not.toContain(MARKER);
    expect(res.text.length).toBeLessThan(1000);
    expect(res.body.error.stack).toBeUndefined();
    expect(res.body.error.body).toBeUndefined();
  }

  it('do not echo a malformed 10 MB JSON body (plugin JSON routes)', async () => {
    const res = await request(server)
      .post('/api/maestro/policy/evaluate')
      .set('Authorization', mockCredentials.user.header())
      .set('Content-Type', 'application/json')
      .send(malformedJson(10 * 1024 * 1024));
    expectNoEcho(res);
    expect(res.body.error.message).toBe('The request body is not valid JSON');
  });

  it('do not echo a malformed body on the supply-chain JSON routes', async () => {
    const res = await request(server)
      .post('/api/maestro/supply-chain/exemptions')
      .set('Authorization', mockCredentials.user.header())
      .set('Content-Type', 'application/json')
      .send(malformedJson(1000));
    expectNoEcho(res);
    expect(res.body.error.message).toBe('The request body is not valid JSON');
  });

  it('name the limit, not the content, of a body that is too large', async () => {
    const res = await request(server)
      .post('/api/maestro/supply-chain/artifacts')
      .set('Authorization', mockCredentials.user.header())
      .set('Content-Type', 'application/json')
      .send(malformedJson(2 * 1024 * 1024));
    expectNoEcho(res);
    expect(res.body.error.message).toMatch(/larger than 1mb;/);
  });

  it('do not quote a malformed build event', async () => {
    const res = await request(server)
      .post('/api/maestro/hud/events')
      .set('Authorization', mockCredentials.user.header())
      .set('Content-Type', 'application/json')
      .send(`{"eventId": ${MARKER}}`);
    expectNoEcho(res);
    expect(res.body.error.message).toMatch(
      /^The build event is not valid JSON/,
    );
  });

  it('do not quote a malformed CloudEvent', async () => {
    const res = await request(server)
      .post('/api/maestro/hud/cloudevents')
      .set('Authorization', mockCredentials.user.header())
      .set('Content-Type', 'application/cloudevents+json')
      .send(`{"specversion": ${MARKER}}`);
    expectNoEcho(res);
    expect(res.body.error.message).toMatch(/is not valid JSON/);
  });

  it('refuse control and bidi-override characters in names', async () => {
    for (const owner of ['ada\u0000', 'evil\u202egnp.exe', 'bell\u0007']) {
      const res = await request(server)
        .post('/api/maestro/policy/exemptions')
        .set('Authorization', mockCredentials.user.header())
        .send({
          entityRef: 'component:default/payments-api',
          ruleId: 'MAESTRO-K8S-001',
          owner,
          reason: 'a reason that is long enough',
          ticket: 'SEC-1',
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /owner: contains the control character U\+/,
      );
    }
  });

  it('refuse artifacts, evidence, exemptions and bypasses on entities that ship no images', async () => {
    const digest = `sha256:${'d'.repeat(64)}`;
    const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const calls: Array<[string, object]> = [
      [
        '/api/maestro/supply-chain/artifacts',
        {
          entityRef: 'system:default/checkout',
          repository: 'ghcr.io/acme/checkout',
          digest,
        },
      ],
      [
        '/api/maestro/supply-chain/exemptions',
        {
          entityRef: 'system:default/checkout',
          vulnerabilityId: 'CVE-2021-44228',
          owner: 'group:default/payments-team',
          reason: 'Not reachable: JNDI lookups are disabled',
          ticket: 'SEC-1',
          expiresAt: inAMonth,
        },
      ],
      [
        '/api/maestro/policy/exemptions',
        {
          entityRef: 'group:default/payments-team',
          ruleId: 'MAESTRO-K8S-001',
          owner: 'group:default/payments-team',
          reason: 'a reason that is long enough',
          ticket: 'SEC-2',
          expiresAt: inAMonth,
        },
      ],
      [
        '/api/maestro/policy/bypass',
        {
          entityRef: 'system:default/checkout',
          reason: 'Production is down and the fix is ready',
        },
      ],
    ];
    for (const [path, body] of calls) {
      const res = await request(server)
        .post(path)
        .set('Authorization', mockCredentials.user.header())
        .send(body);
      expect([path, res.status, res.body.error?.message]).toEqual([
        path,
        400,
        expect.stringMatching(
          /entityRef: (system:default\/checkout is a system|group:default\/payments-team is a group); only component and resource entities own images/,
        ),
      ]);
    }
    const upload = await request(server)
      .post(
        `/api/maestro/supply-chain/evidence?entityRef=system:default/checkout&image=ghcr.io/acme/checkout@${digest}`,
      )
      .set('Authorization', mockCredentials.user.header())
      .send('{}');
    expect(upload.status).toBe(400);
    expect(upload.body.error.message).toMatch(/is a system; only component/);
  });
});
