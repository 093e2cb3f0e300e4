import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DeploymentSource,
  maestroDeploymentSourcesExtensionPoint,
} from '@maestro-conductor/backstage-plugin-maestro-node';
import { Knex } from 'knex';
import request from 'supertest';
import {
  component,
  paymentsApi,
  startMaestroBackend,
} from './__testUtils__/startMaestroBackend';
import { TABLE_LEDGER_ENTRIES } from './database/tables';
import { DatabaseLedgerStore } from './ledger/DatabaseLedgerStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const entities = [
  paymentsApi({ system: 'checkout' }),
  component('not-under-maestro'),
];

const startMaestro = (
  knex: Knex,
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) => startMaestroBackend(knex, { entities, permission });

/** Appends entries the way a later capability would: in its own transaction. */
async function appendEntries(knex: Knex, count: number) {
  const store = DatabaseLedgerStore.fromClient(knex);
  for (let n = 1; n <= count; n++) {
    await knex.transaction(tx =>
      store.append(tx, {
        actor: 'user:default/ada-lovelace',
        action: 'release.promote',
        target: 'component:default/payments-api',
        payload: { channel: 'prod', n },
      }),
    );
  }
}

describe.each(databases.eachSupportedId())(
  'maestro backend plugin on %s',
  databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
    });

    it('answers the health check without credentials', async () => {
      const { server } = await startMaestro(knex);
      const res = await request(server).get('/api/maestro/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it('refuses ledger reads without credentials (401)', async () => {
      const { server } = await startMaestro(knex);
      const res = await request(server)
        .get('/api/maestro/ledger')
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    });

    it('rejects an invalid query with 400 and the reason', async () => {
      const { server } = await startMaestro(knex);
      const res = await request(server)
        .get('/api/maestro/ledger?limit=100000&order=sideways')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(/limit: .*500/);
      expect(res.body.error.message).toMatch(/order: /);
    });

    it('pages appended entries and verifies the chain', async () => {
      const { server } = await startMaestro(knex);
      await appendEntries(knex, 7);

      const page = await request(server)
        .get('/api/maestro/ledger?limit=5')
        .set('Authorization', mockCredentials.user.header());
      expect(page.status).toBe(200);
      expect(
        page.body.entries.map((e: { sequence: number }) => e.sequence),
      ).toEqual([1, 2, 3, 4, 5]);
      expect(page.body.nextAfter).toBe(5);
      expect(page.body.headSequence).toBe(7);

      const verify = await request(server)
        .get('/api/maestro/ledger/verify')
        .set('Authorization', mockCredentials.user.header());
      expect(verify.body).toMatchObject({
        ok: true,
        checked: 7,
        headSequence: 7,
      });
    });

    it('names the entry whose stored row was changed behind its back', async () => {
      const { server } = await startMaestro(knex);
      await appendEntries(knex, 6);

      // Someone with DDL rights disables the append-only guard and edits a row.
      if (databaseId.startsWith('POSTGRES')) {
        await knex.raw(
          `ALTER TABLE ${TABLE_LEDGER_ENTRIES} DISABLE TRIGGER maestro_ledger_entries_append_only`,
        );
      } else {
        await knex.raw('DROP TRIGGER maestro_ledger_entries_no_update');
      }
      await knex(TABLE_LEDGER_ENTRIES)
        .where({ sequence: 4 })
        .update({ payload: JSON.stringify({ channel: 'prod', n: 400 }) });

      const res = await request(server)
        .get('/api/maestro/ledger/verify')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(res.body.ok).toBe(false);
      expect(res.body.checked).toBe(3);
      expect(res.body.firstBroken).toMatchObject({
        sequence: 4,
        reason: 'hash-mismatch',
      });
    });

    it('exports the ledger as NDJSON to those allowed, and answers 403 otherwise', async () => {
      const allowed = await startMaestro(knex, AuthorizeResult.ALLOW);
      await appendEntries(knex, 3);
      const res = await request(allowed.server)
        .get('/api/maestro/ledger/export')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/application\/x-ndjson/);
      const lines = res.text
        .trim()
        .split('\n')
        .map(line => JSON.parse(line));
      expect(lines.map(l => l.sequence)).toEqual([1, 2, 3]);
      expect(lines[1].previousHash).toBe(lines[0].hash);

      const denied = await startMaestro(knex, AuthorizeResult.DENY);
      const refused = await request(denied.server)
        .get('/api/maestro/ledger/export')
        .set('Authorization', mockCredentials.user.header());
      expect(refused.status).toBe(403);
      expect(refused.body.error.name).toBe('NotAllowedError');
    });

    it('lists only the components under Maestro, with their ledger activity', async () => {
      const { server } = await startMaestro(knex);
      await appendEntries(knex, 2);
      const res = await request(server)
        .get('/api/maestro/services')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0]).toMatchObject({
        entityRef: 'component:default/payments-api',
        image: 'ghcr.io/acme/payments-api',
        channels: ['dev', 'prod'],
        owner: 'group:default/payments-team',
        system: 'system:default/checkout',
        lifecycle: 'production',
        ledger: { entries: 2 },
      });
    });
    it('evaluates a Dockerfile over HTTP and reports the rule and line', async () => {
      const { server } = await startMaestro(knex);
      const res = await request(server)
        .post('/api/maestro/policy/evaluate')
        .set('Authorization', mockCredentials.user.header())
        .send({
          inputs: [
            {
              kind: 'dockerfile',
              path: 'Dockerfile',
              content: 'FROM node:latest\nUSER root\n',
            },
          ],
        });
      expect(res.status).toBe(200);
      expect(res.body.report.passed).toBe(false);
      expect(res.body.report.findings).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            ruleId: 'MAESTRO-DF-001',
            location: expect.objectContaining({ line: 2 }),
          }),
          expect.objectContaining({
            ruleId: 'MAESTRO-DF-002',
            location: expect.objectContaining({ line: 1 }),
          }),
        ]),
      );
    });

    it.each([
      [{ inputs: [] }, /at least one Dockerfile, manifest or packaged chart/],
      [
        { inputs: [{ kind: 'helm', path: 'x', content: 'y' }] },
        /inputs.0.kind/,
      ],
      [
        {
          imageDigest: 'latest',
          inputs: [{ kind: 'dockerfile', path: 'D', content: 'FROM a/b:1' }],
        },
        /imageDigest: must be a sha256 digest/,
      ],
      [
        {
          store: true,
          inputs: [{ kind: 'dockerfile', path: 'D', content: 'FROM a/b:1' }],
        },
        /needs the entityRef it belongs to/,
      ],
      [
        {
          inputs: [{ kind: 'kubernetes', path: 'bad.yaml', content: 'a: [1' }],
        },
        /bad.yaml/,
      ],
    ])('answers 400 with the reason for %j', async (body, reason) => {
      const { server } = await startMaestro(knex);
      const res = await request(server)
        .post('/api/maestro/policy/evaluate')
        .set('Authorization', mockCredentials.user.header())
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(reason);
    });

    it('guards exemptions, stored results and bypasses with permissions', async () => {
      const denied = await startMaestro(knex, AuthorizeResult.DENY);
      const exemption = {
        entityRef: 'component:default/payments-api',
        ruleId: 'MAESTRO-DF-001',
        owner: 'group:default/payments-team',
        reason: 'Legacy agent needs root until Q1',
        ticket: 'SEC-1',
        expiresAt: new Date(Date.now() + 7 * 86400_000).toISOString(),
      };
      for (const [path, body] of [
        ['/api/maestro/policy/exemptions', exemption],
        [
          '/api/maestro/policy/bypass',
          {
            entityRef: 'component:default/payments-api',
            reason: 'Outage hotfix INC-1',
          },
        ],
        [
          '/api/maestro/policy/evaluate',
          {
            store: true,
            entityRef: 'component:default/payments-api',
            inputs: [{ kind: 'dockerfile', path: 'D', content: 'FROM a/b:1' }],
          },
        ],
      ] as const) {
        const res = await request(denied.server)
          .post(path)
          .set('Authorization', mockCredentials.user.header())
          .send(body);
        expect(res.status).toBe(403);
      }

      const allowed = await startMaestro(knex, AuthorizeResult.ALLOW);
      const created = await request(allowed.server)
        .post('/api/maestro/policy/exemptions')
        .set('Authorization', mockCredentials.user.header())
        .send(exemption);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        status: 'active',
        ruleId: 'MAESTRO-DF-001',
      });
      const missingExpiry = await request(allowed.server)
        .post('/api/maestro/policy/exemptions')
        .set('Authorization', mockCredentials.user.header())
        .send({ ...exemption, expiresAt: undefined });
      expect(missingExpiry.status).toBe(400);
      expect(missingExpiry.body.error.message).toMatch(/expiresAt/);
      const revoked = await request(allowed.server)
        .delete(`/api/maestro/policy/exemptions/${created.body.id}`)
        .set('Authorization', mockCredentials.user.header());
      expect(revoked.status).toBe(204);
      const bypass = await request(allowed.server)
        .post('/api/maestro/policy/bypass')
        .set('Authorization', mockCredentials.user.header())
        .send({
          entityRef: 'component:default/payments-api',
          reason: 'Outage hotfix INC-1',
        });
      expect(bypass.status).toBe(201);
      expect(allowed.notifications.send).toHaveBeenCalled();
      const ledger = await request(allowed.server)
        .get('/api/maestro/ledger?target=component:default/payments-api')
        .set('Authorization', mockCredentials.user.header());
      expect(
        ledger.body.entries.map((e: { action: string }) => e.action),
      ).toEqual(['exemption.create', 'exemption.revoke', 'policy.bypass']);
    });
  },
);

/** A module of the maestro plugin adding one deployment source, as an Argo CD module would. */
const deploymentSourceModule = (moduleId: string, source: DeploymentSource) =>
  createBackendModule({
    pluginId: 'maestro',
    moduleId,
    register(env) {
      env.registerInit({
        deps: { sources: maestroDeploymentSourcesExtensionPoint },
        async init({ sources }) {
          sources.addDeploymentSource(source);
        },
      });
    },
  });

const testCluster = (id: string, displayName: string): DeploymentSource => ({
  id,
  displayName,
  getDeployment: async () => null,
});

/** The maestro plugin's log lines, from a logger that records instead of printing. */
function recordedLog() {
  const lines: string[] = [];
  const logger: LoggerService = {
    error: message => lines.push(`error: ${message}`),
    warn: message => lines.push(`warn: ${message}`),
    info: message => lines.push(`info: ${message}`),
    debug: () => {},
    child: () => logger,
  };
  return {
    lines,
    feature: createServiceFactory({
      service: coreServices.logger,
      deps: {},
      factory: () => logger,
    }),
  };
}

describe('deployment sources', () => {
  it('takes the source a module adds through the extension point', async () => {
    const log = recordedLog();
    await startMaestroBackend(undefined, {
      entities,
      features: [
        log.feature,
        deploymentSourceModule(
          'test-cluster',
          testCluster('test-cluster', 'Test cluster'),
        ),
      ],
    });
    expect(log.lines).toContain(
      'info: Maestro deployment sources: Test cluster (test-cluster)',
    );
  });

  it('says no source is installed when no module adds one', async () => {
    const log = recordedLog();
    await startMaestroBackend(undefined, { entities, features: [log.feature] });
    expect(log.lines).toContain(
      'info: Maestro has no deployment source installed: every release channel shows what runs there as not configured',
    );
  });

  it('fails startup when two modules add sources with one id', async () => {
    await expect(
      startMaestroBackend(undefined, {
        entities,
        features: [
          deploymentSourceModule('argocd', testCluster('argocd', 'Argo CD')),
          deploymentSourceModule(
            'argocd-copy',
            testCluster('argocd', 'Argo CD (second install)'),
          ),
        ],
      }),
    ).rejects.toThrow(
      "Two Maestro deployment sources have the id 'argocd' (Argo CD, Argo CD (second install))",
    );
  });
});
