/*
 * POST /policy/evaluate with a packaged chart, through the whole plugin, with
 * real `helm package` output and the real helm binary, on PostgreSQL and
 * SQLite.
 */
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { locateHelm } from '@maestro-conductor/backstage-plugin-maestro-node';
import {
  COMPLIANT_DOCKERFILE,
  tgz,
} from '@maestro-conductor/backstage-plugin-maestro-node/testUtils';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Knex } from 'knex';
import request from 'supertest';
import {
  PAYMENTS_API,
  startMaestroBackend,
} from '../__testUtils__/startMaestroBackend';

jest.setTimeout(180_000);
const run = promisify(execFile);
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const USER = mockCredentials.user.header();

const dockerfile = {
  kind: 'dockerfile',
  path: 'Dockerfile',
  content: COMPLIANT_DOCKERFILE,
};

/**
 * A chart whose ConfigMap carries `.Files.Get "hostname.txt"`, and
 * hostname.txt a symbolic link to the backend host's /etc/hostname: unpacked
 * with its link, Helm would put the host's file into the rendered manifest.
 */
const LINKED_CHART = tgz([
  {
    name: 'leaky/Chart.yaml',
    content: 'apiVersion: v2\nname: leaky\nversion: 0.1.0\n',
  },
  {
    name: 'leaky/templates/configmap.yaml',
    content:
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leaky\ndata:\n  host: {{ .Files.Get "hostname.txt" | quote }}\n',
  },
  { name: 'leaky/hostname.txt', type: '2', linkName: '/etc/hostname' },
]).toString('base64');

describe.each(databases.eachSupportedId())(
  'policy evaluation of packaged charts on %s',
  databaseId => {
    let knex: Knex;
    let violatingChart: string;

    beforeAll(async () => {
      const helmPath = await locateHelm();
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'maestro-api-'));
      // `helm create` defaults break deny rules: no limits, no runAsNonRoot.
      await run(helmPath, ['create', 'demo'], { cwd: dir });
      await run(helmPath, ['package', 'demo', '--destination', dir], {
        cwd: dir,
      });
      violatingChart = (
        await fs.readFile(path.join(dir, 'demo-0.1.0.tgz'))
      ).toString('base64');
      await fs.rm(dir, { recursive: true, force: true });
    });

    beforeEach(async () => {
      knex = await databases.init(databaseId);
    });

    const evaluate = (server: Parameters<typeof request>[0], body: object) =>
      request(server)
        .post('/api/maestro/policy/evaluate')
        .set('Authorization', USER)
        .send(body);

    it('fails a violating packaged chart beside a compliant Dockerfile', async () => {
      const { server } = await startMaestroBackend(knex);
      const alone = await evaluate(server, { inputs: [dockerfile] });
      expect(alone.body.report).toMatchObject({ passed: true, findings: [] });

      const res = await evaluate(server, {
        inputs: [dockerfile],
        chart: { archive: violatingChart },
      });
      expect(res.status).toBe(200);
      expect(res.body.report.passed).toBe(false);
      expect(res.body.report.summary.deny).toBeGreaterThan(0);
      expect(res.body.report.findings).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            ruleId: 'MAESTRO-K8S-004',
            severity: 'deny',
            location: expect.objectContaining({
              file: 'demo',
              template: 'demo/templates/deployment.yaml',
              overlay: 'values.yaml',
            }),
          }),
        ]),
      );
    });

    it('stores the evaluation of a violating packaged chart as a fail', async () => {
      const { server } = await startMaestroBackend(knex);
      const res = await evaluate(server, {
        entityRef: PAYMENTS_API,
        store: true,
        inputs: [dockerfile],
        chart: { archive: violatingChart },
      });
      expect(res.status).toBe(201);
      expect(res.body.report.passed).toBe(false);

      const results = await request(server)
        .get('/api/maestro/policy/results')
        .query({ entityRef: PAYMENTS_API })
        .set('Authorization', USER);
      expect(results.body.items).toHaveLength(1);
      expect(results.body.items[0]).toMatchObject({
        id: res.body.evaluationId,
        report: { passed: false },
      });
      const [row] = await knex('maestro_policy_evaluations').select();
      expect(Boolean(row.passed)).toBe(false);
      expect(row.deny_count).toBeGreaterThan(0);
      const [entry] = await knex('maestro_ledger_entries').where({
        action: 'policy.evaluate',
      });
      expect(JSON.parse(entry.payload)).toMatchObject({ passed: false });
    });

    it('refuses a chart holding a symbolic link to a host file, naming the link and rendering nothing', async () => {
      const { server } = await startMaestroBackend(knex);
      const res = await evaluate(server, {
        entityRef: PAYMENTS_API,
        store: true,
        inputs: [dockerfile],
        chart: { archive: LINKED_CHART },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toBe(
        "The packaged chart was refused, nothing was rendered: entry 'leaky/hostname.txt' is a symbolic link (to /etc/hostname); a packaged chart may hold only regular files and directories",
      );
      // Only the error: no report, nothing of the host's file.
      expect(Object.keys(res.body).sort()).toEqual([
        'error',
        'request',
        'response',
      ]);
      expect(
        Number(
          (await knex('maestro_policy_evaluations').count({ n: '*' }))[0].n,
        ),
      ).toBe(0);
      expect(
        await knex('maestro_ledger_entries').where({
          action: 'policy.evaluate',
        }),
      ).toEqual([]);
    });
  },
);
