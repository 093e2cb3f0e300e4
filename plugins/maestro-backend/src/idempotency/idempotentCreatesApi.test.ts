/*
 * Identical exemptions are one, and creates honour Idempotency-Key: policy
 * exemptions, vulnerability exemptions and the emergency bypass, through the
 * whole plugin, on PostgreSQL and SQLite, with concurrent requests.
 */
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import {
  PAYMENTS_API,
  startMaestroBackend,
} from '../__testUtils__/startMaestroBackend';
import {
  A_TXT_DIGEST,
  evidenceFixture,
} from '../supplyChain/__testUtils__/fixtures';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const USER = mockCredentials.user.header();
type Server = Parameters<typeof request>[0];

const inDays = (days: number) =>
  new Date(Date.now() + days * 86400_000).toISOString();

const policyExemption = {
  entityRef: PAYMENTS_API,
  ruleId: 'MAESTRO-DF-001',
  selector: { file: 'Dockerfile' },
  owner: 'group:default/payments-team',
  reason: 'Legacy agent needs root until Q1',
  ticket: 'SEC-1',
  expiresAt: inDays(7),
};

const vulnerabilityExemption = {
  entityRef: PAYMENTS_API,
  vulnerabilityId: 'CVE-2019-18224',
  packageName: 'libidn2-0',
  owner: 'group:default/payments-team',
  reason: 'libidn2 is not reachable from the service',
  ticket: 'SEC-12',
  expiresAt: inDays(7),
};

const post = (
  server: Server,
  path: string,
  body: object,
  options: { key?: string; auth?: string } = {},
) => {
  const req = request(server)
    .post(`/api/maestro${path}`)
    .set('Authorization', options.auth ?? USER);
  if (options.key !== undefined) req.set('Idempotency-Key', options.key);
  return req.send(body);
};

const times = <T>(count: number, fn: (n: number) => Promise<T>) =>
  Promise.all(Array.from({ length: count }, (_, n) => fn(n)));

describe.each(databases.eachSupportedId())(
  'idempotent creates on %s',
  databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
    });

    /**
     * On PostgreSQL, holds the ledger's head row while `fire` sends its
     * requests, so every create that is not made to wait gets as far as its
     * ledger entry before any commits: the widest window a race could use.
     * SQLite runs one transaction at a time anyway.
     */
    async function withLedgerHeld<T>(fire: () => Promise<T>): Promise<T> {
      if (!databaseId.startsWith('POSTGRES')) return fire();
      const tx = await knex.transaction();
      await tx('maestro_ledger_head').forUpdate().select();
      const pending = fire();
      await new Promise(resolve => setTimeout(resolve, 1000));
      await tx.commit();
      return pending;
    }

    const ledgerActions = async (prefix: string) =>
      (
        await knex('maestro_ledger_entries')
          .where('action', 'like', `${prefix}%`)
          .orderBy('sequence')
      ).map((e: { action: string }) => e.action);

    /** MAESTRO-DF-001's finding in an evaluation of a root Dockerfile. */
    const rootFinding = async (server: Server) =>
      (
        await post(server, '/policy/evaluate', {
          entityRef: PAYMENTS_API,
          inputs: [
            {
              kind: 'dockerfile',
              path: 'Dockerfile',
              content: 'FROM node:22.11-alpine\nUSER root\n',
            },
          ],
        })
      ).body.report.findings.find(
        (f: { ruleId: string }) => f.ruleId === 'MAESTRO-DF-001',
      );

    it('keeps 20 concurrent identical policy exemptions as one, which a revoke ends', async () => {
      const { server, signals } = await startMaestroBackend(knex);
      const answers = await withLedgerHeld(() =>
        times(20, () => post(server, '/policy/exemptions', policyExemption)),
      );
      expect(answers.filter(a => a.status === 201)).toHaveLength(1);
      expect(answers.filter(a => a.status === 200)).toHaveLength(19);
      const ids = new Set(answers.map(a => a.body.id));
      expect(ids.size).toBe(1);
      expect(await knex('maestro_policy_exemptions')).toHaveLength(1);
      expect(await ledgerActions('exemption.')).toEqual(['exemption.create']);
      expect(
        signals.publish.mock.calls.filter(
          ([message]: any[]) => message.message?.topic === 'policy',
        ),
      ).toHaveLength(1);
      expect((await rootFinding(server)).exemption.status).toBe('active');

      // A different selector or owner is another exemption.
      const narrower = await post(server, '/policy/exemptions', {
        ...policyExemption,
        selector: { file: 'Dockerfile', resourceKind: 'Dockerfile' },
      });
      expect(narrower.status).toBe(201);
      await request(server)
        .delete(`/api/maestro/policy/exemptions/${narrower.body.id}`)
        .set('Authorization', USER)
        .expect(204);

      const [id] = ids;
      await request(server)
        .delete(`/api/maestro/policy/exemptions/${id}`)
        .set('Authorization', USER)
        .expect(204);
      const active = await request(server)
        .get('/api/maestro/policy/exemptions')
        .query({ entityRef: PAYMENTS_API, status: 'active' })
        .set('Authorization', USER);
      expect(active.body.items).toEqual([]);
      expect((await rootFinding(server)).exemption).toBeUndefined();

      // Once revoked, the same request records a new exemption.
      const renewed = await post(server, '/policy/exemptions', policyExemption);
      expect(renewed.status).toBe(201);
      expect(renewed.body.id).not.toBe(id);
    });

    it('keeps 20 concurrent identical vulnerability exemptions as one, which a revoke ends', async () => {
      const { server } = await startMaestroBackend(knex);
      const scan = await request(server)
        .post('/api/maestro/supply-chain/evidence')
        .query({
          entityRef: PAYMENTS_API,
          image: `ghcr.io/acme/payments-api@${A_TXT_DIGEST}`,
        })
        .set('Authorization', mockCredentials.service.header())
        .set('Content-Type', 'application/json')
        .send(evidenceFixture('trivy-fluentd-gems.json').toString('utf8'));
      expect(scan.status).toBe(201);
      const critical = async () =>
        (
          await request(server)
            .get(
              `/api/maestro/supply-chain/artifacts/${scan.body.artifact.id}/gate`,
            )
            .query({ channel: 'prod' })
            .set('Authorization', USER)
        ).body.checks.find((c: { id: string }) => c.id === 'critical');

      const answers = await withLedgerHeld(() =>
        times(20, n =>
          post(server, '/supply-chain/exemptions', {
            ...vulnerabilityExemption,
            // Case differs, the vulnerability does not.
            vulnerabilityId: n % 2 ? 'cve-2019-18224' : 'CVE-2019-18224',
          }),
        ),
      );
      expect(answers.filter(a => a.status === 201)).toHaveLength(1);
      expect(answers.filter(a => a.status === 200)).toHaveLength(19);
      expect(new Set(answers.map(a => a.body.id)).size).toBe(1);
      expect(await knex('maestro_vulnerability_exemptions')).toHaveLength(1);
      expect(await ledgerActions('supply-chain.exemption.')).toEqual([
        'supply-chain.exemption.create',
      ]);
      expect((await critical()).passed).toBe(true);

      await request(server)
        .delete(`/api/maestro/supply-chain/exemptions/${answers[0].body.id}`)
        .set('Authorization', USER)
        .expect(204);
      expect((await critical()).passed).toBe(false);
      const active = await request(server)
        .get('/api/maestro/supply-chain/exemptions')
        .query({ entityRef: PAYMENTS_API, status: 'active' })
        .set('Authorization', USER);
      expect(active.body.items).toEqual([]);
    });

    it.each([
      ['/policy/exemptions', policyExemption, 'exemption.create'],
      [
        '/supply-chain/exemptions',
        vulnerabilityExemption,
        'supply-chain.exemption.create',
      ],
    ])(
      'replays the first answer of %s for a repeated Idempotency-Key and refuses it with another body',
      async (path, body, action) => {
        const { server } = await startMaestroBackend(knex);
        const key = 'b7c0a4a6-5d5e-4f33-9c1e-0a4b3f2f1e77';
        const answers = await times(20, () =>
          post(server, path, body, { key }),
        );
        expect(answers.map(a => a.status)).toEqual(Array(20).fill(201));
        expect(new Set(answers.map(a => JSON.stringify(a.body))).size).toBe(1);
        expect(
          answers.filter(a => a.headers['idempotent-replayed'] === 'true'),
        ).toHaveLength(19);
        expect(await ledgerActions(action)).toEqual([action]);

        const reused = await post(
          server,
          path,
          { ...body, reason: 'Another reason for another exemption' },
          { key },
        );
        expect(reused.status).toBe(409);
        expect(reused.body.error.name).toBe('ConflictError');
        expect(reused.body.error.message).toMatch(
          `Idempotency-Key '${key}' was already used for a different request`,
        );

        // Keys are the caller's own: another caller's same key is a new request.
        const other = await post(server, path, body, {
          key,
          auth: mockCredentials.user.header('user:default/grace-hopper'),
        });
        expect(other.status).toBe(200);
        expect(other.headers['idempotent-replayed']).toBeUndefined();
        expect(other.body.id).toBe(answers[0].body.id);
        expect(await ledgerActions(action)).toEqual([action]);
      },
    );

    it('records one emergency bypass and one notification per Idempotency-Key', async () => {
      const { server, notifications } = await startMaestroBackend(knex);
      const bypass = { entityRef: PAYMENTS_API, reason: 'Outage hotfix INC-1' };
      const answers = await withLedgerHeld(() =>
        times(5, () =>
          post(server, '/policy/bypass', bypass, { key: 'bypass-inc-1' }),
        ),
      );
      expect(answers.map(a => a.status)).toEqual(Array(5).fill(201));
      expect(new Set(answers.map(a => a.body.id)).size).toBe(1);
      expect(await knex('maestro_policy_bypasses')).toHaveLength(1);
      expect(notifications.send).toHaveBeenCalledTimes(1);

      // Without a key each bypass is one of its own.
      await post(server, '/policy/bypass', bypass).expect(201);
      expect(await ledgerActions('policy.bypass')).toEqual([
        'policy.bypass',
        'policy.bypass',
      ]);
    });

    it.each([
      ['empty', ''],
      ['with a space', 'two words'],
      ['longer than 255 characters', 'x'.repeat(256)],
    ])(
      'refuses an Idempotency-Key %s with 400, creating nothing',
      async (_what, key) => {
        const { server } = await startMaestroBackend(knex);
        const res = await post(server, '/policy/exemptions', policyExemption, {
          key,
        });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(/^Idempotency-Key must be/);
        expect(await knex('maestro_policy_exemptions')).toEqual([]);
      },
    );

    it('accepts the quoted structured-field form of the key', async () => {
      const { server } = await startMaestroBackend(knex);
      const first = await post(
        server,
        '/policy/bypass',
        {
          entityRef: PAYMENTS_API,
          reason: 'Outage hotfix INC-2',
        },
        { key: '"abc-123"' },
      );
      const bare = await post(
        server,
        '/policy/bypass',
        {
          entityRef: PAYMENTS_API,
          reason: 'Outage hotfix INC-2',
        },
        { key: 'abc-123' },
      );
      expect(bare.headers['idempotent-replayed']).toBe('true');
      expect(bare.body.id).toBe(first.body.id);
    });
  },
);
