import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { createPolicyEngine } from '@maestro-conductor/backstage-plugin-maestro-node';
import { Knex } from 'knex';
import { createTestMutations } from '../__testUtils__/testMutations';
import { MIGRATIONS_DIRECTORY } from '../database/migrateDatabase';
import { LedgerService } from '../ledger/LedgerService';
import { DatabasePolicyStore } from './DatabasePolicyStore';
import { PolicyService } from './PolicyService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const ROOT_DOCKERFILE = [
  'FROM node:22.11.0-bookworm-slim',
  'LABEL org.opencontainers.image.source="https://github.com/acme/payments-api"',
  'COPY . /app',
  'USER root',
  'CMD ["node", "/app/index.js"]',
].join('\n');

const ENTITY = 'component:default/payments-api';
const ADA = 'user:default/ada-lovelace';

describe.each(databases.eachSupportedId())(
  'PolicyService on %s',
  databaseId => {
    let knex: Knex;
    let clock: Date;
    let service: PolicyService;
    let ledger: LedgerService;
    const notifications = { send: jest.fn(async () => {}) };

    beforeEach(async () => {
      jest.clearAllMocks();
      knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      clock = new Date('2026-11-23T12:00:00.000Z');
      const wired = createTestMutations(knex, { now: () => clock });
      ledger = wired.ledger;
      service = new PolicyService({
        engine: createPolicyEngine(),
        defaultProfile: 'default',
        store: DatabasePolicyStore.fromClient(knex),
        mutations: wired.mutations,
        notifications,
        logger: mockServices.logger.mock(),
        maxExemptionDays: 90,
        now: () => clock,
      });
    });

    const evaluate = () =>
      service.evaluate({
        inputs: [
          { kind: 'dockerfile', path: 'Dockerfile', content: ROOT_DOCKERFILE },
        ],
        entityRef: ENTITY,
        store: true,
        source: 'ci',
        actor: 'service:github-actions',
      });

    const rootUser = (report: Awaited<ReturnType<typeof evaluate>>['report']) =>
      report.findings.find(f => f.ruleId === 'MAESTRO-DF-001');

    it('stores a failing evaluation with its ledger entry', async () => {
      const { report, evaluationId } = await evaluate();
      expect(report.passed).toBe(false);
      expect(rootUser(report)).toMatchObject({
        severity: 'deny',
        location: { file: 'Dockerfile', line: 4 },
      });
      const [stored] = await service.listResults({
        entityRef: ENTITY,
        limit: 5,
      });
      expect(stored.id).toBe(evaluationId);
      const { entries } = await ledger.list({ limit: 10, order: 'asc' });
      expect(entries.map(e => e.action)).toEqual(['policy.evaluate']);
      expect(entries[0].payload).toMatchObject({ evaluationId, passed: false });
    });

    it('applies an exemption until it expires, then reports it as expired', async () => {
      await service.createExemption(
        {
          entityRef: ENTITY,
          ruleId: 'MAESTRO-DF-001',
          selector: { file: 'Dockerfile' },
          owner: 'group:default/payments-team',
          reason: 'Legacy agent needs root until the vendor ships a fix',
          ticket: 'SEC-101',
          expiresAt: '2026-12-01T00:00:00.000Z',
        },
        ADA,
      );
      expect(rootUser((await evaluate()).report)?.exemption?.status).toBe(
        'active',
      );

      clock = new Date('2026-12-02T00:00:00.000Z');
      const later = (await evaluate()).report;
      expect(rootUser(later)?.exemption?.status).toBe('expired');
      expect(later.summary.expiredExemptions).toBeGreaterThanOrEqual(1);
      expect(later.passed).toBe(false);
      expect(
        (await service.listExemptions({ entityRef: ENTITY }))[0].status,
      ).toBe('expired');
    });

    it.each([
      [{ expiresAt: '2026-11-01T00:00:00.000Z' }, /not in the future/],
      [{ expiresAt: '2027-11-01T00:00:00.000Z' }, /more than 90 days away/],
      [{ ruleId: 'MAESTRO-NOPE-1' }, /Unknown policy rule/],
    ])('refuses exemption %j and records nothing', async (change, message) => {
      await expect(
        service.createExemption(
          {
            entityRef: ENTITY,
            ruleId: 'MAESTRO-DF-001',
            selector: {},
            owner: 'group:default/payments-team',
            reason: 'Legacy agent needs root',
            ticket: 'SEC-101',
            expiresAt: '2026-12-01T00:00:00.000Z',
            ...change,
          },
          ADA,
        ),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(message),
      });
      expect(await service.listExemptions({})).toEqual([]);
      expect((await ledger.verify()).headSequence).toBe(0);
    });

    it('revokes an exemption once, in the ledger', async () => {
      const { exemption } = await service.createExemption(
        {
          entityRef: ENTITY,
          ruleId: 'MAESTRO-DF-001',
          selector: {},
          owner: 'group:default/payments-team',
          reason: 'Legacy agent needs root',
          ticket: 'SEC-101',
          expiresAt: '2026-12-01T00:00:00.000Z',
        },
        ADA,
      );
      await service.revokeExemption(exemption.id, ADA);
      await expect(service.revokeExemption(exemption.id, ADA)).rejects.toThrow(
        /already revoked/,
      );
      expect((await service.getExemption(exemption.id)).status).toBe('revoked');
      const { entries } = await ledger.list({ limit: 10, order: 'asc' });
      expect(entries.map(e => e.action)).toEqual([
        'exemption.create',
        'exemption.revoke',
      ]);
    });

    it('records an emergency bypass in the ledger and notifies the owners', async () => {
      const { bypass } = await service.bypass(
        {
          entityRef: ENTITY,
          reason: 'Payment outage hotfix, approved in incident INC-7',
        },
        ADA,
      );
      const { entries } = await ledger.list({ limit: 10, order: 'asc' });
      expect(entries[0]).toMatchObject({
        sequence: bypass.ledgerSequence,
        action: 'policy.bypass',
        actor: ADA,
      });
      expect(notifications.send).toHaveBeenCalledWith(
        expect.objectContaining({
          recipients: { type: 'entity', entityRef: ENTITY },
          payload: expect.objectContaining({
            severity: 'critical',
            topic: 'maestro-policy-bypass',
          }),
        }),
      );
    });

    it('turns malformed input into an InputError and stores nothing', async () => {
      await expect(
        service.evaluate({
          inputs: [
            {
              kind: 'kubernetes',
              path: 'deploy.yaml',
              content: 'kind: Deployment\nmetadata: [oops',
            },
          ],
          entityRef: ENTITY,
          store: true,
          source: 'ci',
          actor: ADA,
        }),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(/deploy.yaml/),
      });
      expect(
        await service.listResults({ entityRef: ENTITY, limit: 5 }),
      ).toEqual([]);
    });
  },
);
