import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { policyExemption, vulnerabilityExemption } from '../testing/fixtures';
import { MaestroClient } from './MaestroClient';
import { randomUuid } from '../shared/api/randomUuid';

const baseUrl = 'http://localhost:7007/api/maestro';
const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const server = setupServer();

const policyRequest = {
  entityRef: 'component:default/payments-api',
  ruleId: 'MAESTRO-DF-001',
  owner: 'group:default/payments-team',
  reason: 'Legacy agent needs root until Q1',
  ticket: 'SEC-1',
  expiresAt: '2026-12-31T00:00:00.000Z',
};

const vulnerabilityRequest = {
  entityRef: 'component:default/payments-api',
  vulnerabilityId: 'CVE-2019-18224',
  owner: 'group:default/payments-team',
  reason: 'Not reachable from the service',
  expiresAt: '2026-12-31T00:00:00.000Z',
};

describe('MaestroClient idempotency keys', () => {
  registerMswTestHooks(server);

  const client = new MaestroClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });

  /** The Idempotency-Key header of every POST to `path`. */
  function keysPostedTo(path: string, record: object) {
    const keys: Array<string | null> = [];
    server.use(
      http.post(`${baseUrl}${path}`, ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        return HttpResponse.json(record, { status: 201 });
      }),
    );
    return keys;
  }

  it('sends the given Idempotency-Key with a policy exemption', async () => {
    const keys = keysPostedTo('/policy/exemptions', policyExemption());
    await client.createPolicyExemption(policyRequest, {
      idempotencyKey: 'dialog-key-1',
    });
    await client.createPolicyExemption(policyRequest, {
      idempotencyKey: 'dialog-key-1',
    });
    expect(keys).toEqual(['dialog-key-1', 'dialog-key-1']);
  });

  it('sends the given Idempotency-Key with a vulnerability exemption', async () => {
    const keys = keysPostedTo(
      '/supply-chain/exemptions',
      vulnerabilityExemption(vulnerabilityRequest),
    );
    await client.createVulnerabilityExemption(vulnerabilityRequest, {
      idempotencyKey: 'dialog-key-2',
    });
    expect(keys).toEqual(['dialog-key-2']);
  });

  it('makes up a fresh random UUID for each create without a key', async () => {
    const keys = keysPostedTo('/policy/exemptions', policyExemption());
    await client.createPolicyExemption(policyRequest);
    await client.createPolicyExemption(policyRequest);
    expect(keys).toEqual([
      expect.stringMatching(UUID),
      expect.stringMatching(UUID),
    ]);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('makes UUIDs where crypto.randomUUID is missing (plain HTTP)', () => {
    const original = crypto.randomUUID;
    Object.defineProperty(crypto, 'randomUUID', {
      value: undefined,
      configurable: true,
    });
    try {
      const made = [randomUuid(), randomUuid()];
      expect(made).toEqual([
        expect.stringMatching(UUID),
        expect.stringMatching(UUID),
      ]);
      expect(made[0]).not.toBe(made[1]);
    } finally {
      Object.defineProperty(crypto, 'randomUUID', {
        value: original,
        configurable: true,
      });
    }
  });
});
