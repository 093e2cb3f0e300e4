import { TestDatabases } from '@backstage/backend-test-utils';
import { PolicyReport } from '@maestro-conductor/backstage-plugin-maestro-common';
import { Knex } from 'knex';
import { MIGRATIONS_DIRECTORY } from '../database/migrateDatabase';
import { DatabasePolicyStore } from './DatabasePolicyStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const report = (ruleIds: Array<[string, boolean]>): PolicyReport => ({
  passed: ruleIds.every(([, exempted]) => exempted),
  profile: 'default',
  evaluatedAt: '2026-11-23T12:00:00.000Z',
  summary: {
    deny: ruleIds.filter(([, e]) => !e).length,
    warn: 0,
    exempted: ruleIds.filter(([, e]) => e).length,
    expiredExemptions: 0,
    resources: 1,
    rules: 10,
  },
  findings: ruleIds.map(([ruleId, exempted]) => ({
    ruleId,
    severity: 'deny',
    title: ruleId,
    message: `${ruleId} fired`,
    remediation: 'fix it',
    location: { file: 'Dockerfile', line: 3 },
    exemption: exempted
      ? {
          status: 'active',
          owner: 'group:default/payments-team',
          reason: 'r',
          ticket: 'T-1',
          expiresAt: '2027-01-01T00:00:00.000Z',
        }
      : undefined,
  })),
});

describe.each(databases.eachSupportedId())(
  'DatabasePolicyStore on %s',
  databaseId => {
    let knex: Knex;
    let store: DatabasePolicyStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      store = DatabasePolicyStore.fromClient(knex);
    });

    it('stores evaluations, lists them newest first, and counts unexempted findings per rule', async () => {
      await knex.transaction(tx =>
        store.insertEvaluation(tx, {
          id: 'e1',
          entityRef: 'component:default/payments-api',
          imageDigest: `sha256:${'a'.repeat(64)}`,
          source: 'ci',
          evaluatedAt: '2026-11-23T12:00:00.000Z',
          evaluatedBy: 'service:ci',
          report: report([
            ['MAESTRO-DF-001', false],
            ['MAESTRO-DF-002', false],
            ['MAESTRO-DF-002', true],
          ]),
        }),
      );
      await knex.transaction(tx =>
        store.insertEvaluation(tx, {
          id: 'e2',
          entityRef: 'component:default/payments-api',
          source: 'api',
          evaluatedAt: '2026-11-23T13:00:00.000Z',
          evaluatedBy: 'user:default/ada-lovelace',
          report: report([['MAESTRO-DF-001', false]]),
        }),
      );
      const listed = await store.listEvaluations({
        entityRef: 'component:default/payments-api',
        limit: 10,
      });
      expect(listed.map(e => e.id)).toEqual(['e2', 'e1']);
      expect(listed[1].imageDigest).toBe(`sha256:${'a'.repeat(64)}`);
      expect(listed[1].report.findings).toHaveLength(3);
      const byDigest = await store.listEvaluations({
        imageDigest: `sha256:${'a'.repeat(64)}`,
        limit: 10,
      });
      expect(byDigest.map(e => e.id)).toEqual(['e1']);

      const stats = await store.ruleStats();
      expect(stats.get('MAESTRO-DF-001')).toEqual({ fired: 2, evaluations: 2 });
      expect(stats.get('MAESTRO-DF-002')).toEqual({ fired: 1, evaluations: 1 });
    });

    it('rolls an evaluation back completely when its transaction fails', async () => {
      await expect(
        knex.transaction(async tx => {
          await store.insertEvaluation(tx, {
            id: 'e3',
            entityRef: 'component:default/checkout-web',
            source: 'api',
            evaluatedAt: '2026-11-23T14:00:00.000Z',
            evaluatedBy: 'user:default/ada-lovelace',
            report: report([['MAESTRO-K8S-001', false]]),
          });
          throw new Error('ledger append failed');
        }),
      ).rejects.toThrow('ledger append failed');
      expect(
        await store.listEvaluations({
          entityRef: 'component:default/checkout-web',
          limit: 10,
        }),
      ).toEqual([]);
      expect((await store.ruleStats()).get('MAESTRO-K8S-001')).toBeUndefined();
    });

    it('keeps exemptions and revokes each once', async () => {
      const exemption = {
        id: 'x1',
        entityRef: 'component:default/payments-api',
        ruleId: 'MAESTRO-DF-004',
        selector: { file: 'Dockerfile' },
        owner: 'group:default/payments-team',
        reason: 'Vendor image lacks labels until 2027',
        ticket: 'SEC-42',
        expiresAt: '2027-01-01T00:00:00.000Z',
        createdBy: 'user:default/ada-lovelace',
        createdAt: '2026-11-23T12:00:00.000Z',
      };
      await knex.transaction(tx => store.insertExemption(tx, exemption));
      expect(
        await store.listExemptions({ entityRef: exemption.entityRef }),
      ).toEqual([exemption]);
      expect(
        await knex.transaction(tx =>
          store.revokeExemption(
            tx,
            'x1',
            'user:default/grace-hopper',
            '2026-11-24T00:00:00.000Z',
          ),
        ),
      ).toBe(true);
      expect(
        await knex.transaction(tx =>
          store.revokeExemption(
            tx,
            'x1',
            'user:default/grace-hopper',
            '2026-11-25T00:00:00.000Z',
          ),
        ),
      ).toBe(false);
      expect(await store.getExemption('x1')).toMatchObject({
        revokedBy: 'user:default/grace-hopper',
        revokedAt: '2026-11-24T00:00:00.000Z',
      });
    });

    it('records bypasses', async () => {
      await knex.transaction(tx =>
        store.insertBypass(tx, {
          id: 'b1',
          entityRef: 'component:default/payments-api',
          reason: 'Hotfix for a payment outage',
          createdBy: 'user:default/ada-lovelace',
          createdAt: '2026-11-23T12:00:00.000Z',
          ledgerSequence: 7,
        }),
      );
      expect(
        await store.listBypasses('component:default/payments-api'),
      ).toEqual([expect.objectContaining({ id: 'b1', ledgerSequence: 7 })]);
    });

    it('counts bypasses per entity since a time', async () => {
      const bypass = (id: string, entityRef: string, createdAt: string) =>
        knex.transaction(tx =>
          store.insertBypass(tx, {
            id,
            entityRef,
            reason: 'Hotfix',
            createdBy: 'user:default/ada-lovelace',
            createdAt,
            ledgerSequence: 8,
          }),
        );
      await bypass(
        'c1',
        'component:default/billing',
        '2026-11-30T23:59:59.999Z',
      );
      await bypass(
        'c2',
        'component:default/billing',
        '2026-12-01T00:00:00.000Z',
      );
      await bypass(
        'c3',
        'component:default/billing',
        '2026-12-02T08:00:00.000Z',
      );
      await bypass(
        'c4',
        'component:default/ledger',
        '2026-12-03T08:00:00.000Z',
      );

      const since = '2026-12-01T00:00:00.000Z';
      expect(await store.countBypasses({ since })).toEqual([
        { entityRef: 'component:default/billing', count: 2 },
        { entityRef: 'component:default/ledger', count: 1 },
      ]);
      expect(
        await store.countBypasses({
          since,
          entityRef: 'component:default/ledger',
        }),
      ).toEqual([{ entityRef: 'component:default/ledger', count: 1 }]);
      expect(
        await store.countBypasses({ since: '2026-12-04T00:00:00.000Z' }),
      ).toEqual([]);
    });
  },
);
