/*
 * Real scanner and generator output through the whole plugin (test backend
 * and supertest, PostgreSQL and SQLite): CycloneDX BOMs with vulnerabilities
 * and VEX analysis gate like scans, what a document does not say in full is
 * answered and stored as warnings, Grype directory scans, CycloneDX 1.2/1.3
 * and SPDX subjects are read, and for every accepted fixture the findings
 * stored are the findings the document holds, counted from its JSON here.
 */
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { SUPPRESSING_ANALYSIS_STATES } from '@maestro-conductor/backstage-plugin-maestro-common';
import { parseEvidenceDocument } from '@maestro-conductor/backstage-plugin-maestro-node';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Knex } from 'knex';
import request from 'supertest';
import {
  PAYMENTS_API,
  startMaestroBackend,
} from '../__testUtils__/startMaestroBackend';
import { evidenceFixture } from './__testUtils__/fixtures';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const REPOSITORY = 'ghcr.io/acme/payments-api';
const digest = (c: string) => `sha256:${c.repeat(64)}`;
const CI = mockCredentials.service.header();
const USER = mockCredentials.user.header();
const FIXTURES = resolve(
  __dirname,
  '../../../maestro-node/src/supplyChain/__fixtures__',
);

/** prod as built in, but only vulnerabilities and the SBOM decide. */
const VULNERABILITIES_ONLY = {
  supplyChain: {
    gates: {
      prod: {
        requireSignature: false,
        requireProvenance: false,
        requireSignedProvenance: false,
        requirePolicyPass: false,
      },
    },
  },
};

type Json = Record<string, any>;
type Server = Parameters<typeof request>[0];

function post(server: Server, body: Buffer | Json, image: string) {
  return request(server)
    .post('/api/maestro/supply-chain/evidence')
    .query({ entityRef: PAYMENTS_API, image })
    .set('Authorization', CI)
    .set('Content-Type', 'application/json')
    .send(Buffer.isBuffer(body) ? body.toString('utf8') : JSON.stringify(body));
}

const get = (server: Server, path: string, query: Json = {}) =>
  request(server)
    .get(`/api/maestro/supply-chain${path}`)
    .query(query)
    .set('Authorization', USER);

function fluentdBom(): Json {
  return JSON.parse(
    evidenceFixture(
      'cyclonedx-1.7-trivy-fluentd-vulnerabilities.cdx.json',
    ).toString('utf8'),
  );
}

/**
 * Findings a document holds, counted from its JSON without the parsers: one
 * per Trivy vulnerability, Grype match or SARIF result; for CycloneDX one
 * per vulnerability and distinct affected ref (one when it names none).
 */
function findingsPresent(doc: Json): { total: number; suppressed: number } {
  if (doc.bomFormat === 'CycloneDX') {
    let total = 0;
    let suppressed = 0;
    for (const vulnerability of doc.vulnerabilities ?? []) {
      const refs = new Set(
        (vulnerability.affects ?? []).map((a: Json) => a.ref),
      );
      const count = Math.max(refs.size, 1);
      total += count;
      if (SUPPRESSING_ANALYSIS_STATES.includes(vulnerability.analysis?.state)) {
        suppressed += count;
      }
    }
    return { total, suppressed };
  }
  if (doc.SchemaVersion !== undefined) {
    const total = (doc.Results ?? []).reduce(
      (sum: number, result: Json) =>
        sum + (result.Vulnerabilities ?? []).length,
      0,
    );
    return { total, suppressed: 0 };
  }
  if (Array.isArray(doc.matches)) {
    return { total: doc.matches.length, suppressed: 0 };
  }
  if (Array.isArray(doc.runs)) {
    const total = doc.runs.reduce(
      (sum: number, run: Json) => sum + (run.results ?? []).length,
      0,
    );
    return { total, suppressed: 0 };
  }
  return { total: 0, suppressed: 0 };
}

/** Stored findings of a document, narrowed by `where`. */
function countFindings(
  knex: Knex,
  documentId: string,
  where: (q: Knex.QueryBuilder) => void,
): Promise<number> {
  return knex('maestro_vulnerability_findings')
    .where({ document_id: documentId })
    .modify(where)
    .count({ count: '*' })
    .then(([{ count }]) => Number(count));
}

/** The image a fixture must be uploaded for: the one it names, else ours. */
function imageFor(doc: unknown, fallback: string): string {
  const parsed = parseEvidenceDocument(doc);
  let subject;
  if ('sbom' in parsed) subject = parsed.sbom.subject;
  else if ('report' in parsed) subject = parsed.report.subject;
  const named = subject?.images[0];
  return named ? `${named.repository}@${named.digest}` : fallback;
}

describe.each(databases.eachSupportedId())(
  'real scanner output through the API on %s',
  databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
    });

    const criticalCheck = async (server: Server, artifactId: string) => {
      const gate = await get(server, `/artifacts/${artifactId}/gate`, {
        channel: 'prod',
      });
      expect(gate.status).toBe(200);
      return {
        passed: gate.body.passed,
        check: gate.body.checks.find((c: Json) => c.id === 'critical'),
      };
    };

    it("blocks prod on a critical finding of a Trivy CycloneDX BOM, and counts the BOM's components too", async () => {
      const { server } = await startMaestroBackend(knex, {
        maestro: VULNERABILITIES_ONLY,
      });
      const res = await post(
        server,
        fluentdBom(),
        `${REPOSITORY}@${digest('1')}`,
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        document: {
          kind: 'sbom-and-vulnerability-report',
          format: 'cyclonedx-json',
          version: '1.7',
          tool: 'trivy dev',
          subject: {
            name: 'integration/testdata/fixtures/images/fluentd-multiple-lockfiles.tar.gz',
          },
        },
        warnings: [],
      });
      const artifactId = res.body.artifact.id;

      expect(await criticalCheck(server, artifactId)).toEqual({
        passed: false,
        check: expect.objectContaining({
          passed: false,
          reason: '1 unexempted critical (CVE-2019-18224); prod allows 0',
        }),
      });
      const detail = await get(server, `/artifacts/${artifactId}`);
      expect(detail.body).toMatchObject({
        componentCount: 4,
        vulnerabilityCounts: { critical: 1, high: 1, low: 1 },
        verdicts: [
          { channel: 'dev', passed: true },
          { channel: 'prod', passed: false },
        ],
      });
    });

    it('lets prod pass when the same BOM analyses the critical one as not_affected, and shows the suppression', async () => {
      const { server } = await startMaestroBackend(knex, {
        maestro: VULNERABILITIES_ONLY,
      });
      const bom = fluentdBom();
      const critical = bom.vulnerabilities.find(
        (v: Json) => v.id === 'CVE-2019-18224',
      );
      critical.analysis = {
        state: 'not_affected',
        justification: 'code_not_reachable',
        response: ['will_not_fix'],
        detail: 'The service never resolves internationalized domain names.',
      };
      const res = await post(server, bom, `${REPOSITORY}@${digest('2')}`);
      expect(res.status).toBe(201);
      const artifactId = res.body.artifact.id;

      expect(await criticalCheck(server, artifactId)).toEqual({
        passed: true,
        check: expect.objectContaining({
          passed: true,
          reason:
            '0 unexempted critical; 1 suppressed by VEX analysis (CVE-2019-18224 not_affected: code_not_reachable); prod allows 0',
        }),
      });
      const detail = await get(server, `/artifacts/${artifactId}`);
      expect(detail.body.vulnerabilityCounts).toMatchObject({
        critical: 0,
        high: 1,
        low: 1,
      });
      const listed = await get(
        server,
        `/artifacts/${artifactId}/vulnerabilities`,
      );
      expect(
        listed.body.items.find((f: Json) => f.id === 'CVE-2019-18224'),
      ).toMatchObject({
        severity: 'critical',
        package: { name: 'libidn2-0' },
        analysis: {
          state: 'not_affected',
          justification: 'code_not_reachable',
          responses: ['will_not_fix'],
          detail: 'The service never resolves internationalized domain names.',
        },
      });
      const summary = await get(server, '/summary', { days: 7 });
      expect(summary.body.items[0].counts).toMatchObject({
        critical: 0,
        high: 1,
      });
    });

    it('answers and stores what a document does not say in full, also for a repeated upload', async () => {
      const { server } = await startMaestroBackend(knex);
      const image = `${REPOSITORY}@${digest('3')}`;
      const vex = evidenceFixture('cyclonedx-1.4-vex-use-case-7.vex.json');
      const first = await post(server, vex, image);
      expect(first.status).toBe(201);
      expect(first.body.document.kind).toBe('vulnerability-report');
      expect(first.body.warnings).toEqual([
        '1 vulnerability names no affected component (affects is empty or missing): stored without a package (CVE-2020-25649)',
        "this VEX document lists no components: its analysis applies to its own findings only and does not suppress other reports' findings",
      ]);
      const again = await post(server, vex, image);
      expect(again.status).toBe(200);
      expect(again.body.warnings).toEqual(first.body.warnings);

      const detail = await get(server, `/artifacts/${first.body.artifact.id}`);
      expect(detail.body.documents).toEqual([
        expect.objectContaining({ warnings: first.body.warnings }),
      ]);
      const [entry] = await knex('maestro_ledger_entries').where({
        action: 'supply-chain.evidence.ingest',
      });
      expect(JSON.parse(entry.payload).warnings).toEqual(first.body.warnings);
    });

    it('ingests a Grype directory scan, CycloneDX 1.2 and 1.3 SBOMs, and shows what an SPDX SBOM describes', async () => {
      const { server } = await startMaestroBackend(knex);
      const image = `${REPOSITORY}@${digest('4')}`;
      const grype = await post(
        server,
        evidenceFixture('grype-dir-source.json'),
        image,
      );
      expect(grype.status).toBe(201);
      expect(grype.body.document).toMatchObject({
        format: 'grype-json',
        subject: { name: '/some/path' },
      });
      for (const [version, count] of [
        ['1.2', 62],
        ['1.3', 62],
      ] as const) {
        const res = await post(
          server,
          evidenceFixture(`cyclonedx-${version}-laravel.bom.json`),
          `${REPOSITORY}@${digest(version === '1.2' ? '5' : '6')}`,
        );
        expect(res.status).toBe(201);
        expect(res.body.document.version).toBe(version);
        const components = await get(
          server,
          `/artifacts/${res.body.artifact.id}/components`,
        );
        expect(components.body.totalCount).toBe(count);
      }

      const spdx = await post(
        server,
        evidenceFixture('spdx-2.3-spdx-spec-example.spdx.json'),
        `${REPOSITORY}@${digest('7')}`,
      );
      expect(spdx.body.warnings).toEqual([
        'the document also describes SPDXRef-File, which is not a package: the subject is the described package',
        '$.files (5): files are not stored, only packages are',
        '$.snippets (1): snippets are not stored, only packages are',
      ]);
      const page = await get(
        server,
        `/artifacts/${spdx.body.artifact.id}/components`,
      );
      // glibc is what the document describes; the other 3 packages are its components.
      expect(page.body).toMatchObject({
        totalCount: 3,
        subject: { name: 'glibc', version: '2.11.1' },
      });
      expect(page.body.items.map((c: Json) => c.name)).not.toContain('glibc');
    });

    it('stores, for every accepted fixture, exactly the findings the document holds', async () => {
      const owned = new Set<string>();
      const files = readdirSync(FIXTURES).filter(
        name => name.endsWith('.json') && !name.startsWith('sigstore-'),
      );
      const uploads = files.map((name, index) => {
        const doc = JSON.parse(evidenceFixture(name).toString('utf8'));
        const hex = index.toString(16).padStart(2, '0');
        const image = imageFor(doc, `${REPOSITORY}@sha256:${hex.repeat(32)}`);
        owned.add(image.slice(0, image.lastIndexOf('@')));
        return { name, doc, image };
      });
      const { server } = await startMaestroBackend(knex, {
        maestro: {
          supplyChain: {
            imageOwners: [
              { entityRef: PAYMENTS_API, repositories: [...owned] },
            ],
          },
        },
      });

      const stored: Array<[string, number, number]> = [];
      const present: Array<[string, number, number]> = [];
      for (const { name, doc, image } of uploads) {
        const res = await post(server, evidenceFixture(name), image);
        expect([name, res.status]).toEqual([name, 201]);
        stored.push([
          name,
          await countFindings(knex, res.body.document.id, () => {}),
          await countFindings(knex, res.body.document.id, q =>
            q.whereIn('analysis_state', [...SUPPRESSING_ANALYSIS_STATES]),
          ),
        ]);
        const counted = findingsPresent(doc);
        present.push([name, counted.total, counted.suppressed]);
      }
      expect(stored).toEqual(present);
      // Not vacuous: the fixtures hold findings, and suppressions among them.
      expect(
        present.reduce((sum, [, total]) => sum + total, 0),
      ).toBeGreaterThan(50);
      expect(
        present.reduce((sum, [, , suppressed]) => sum + suppressed, 0),
      ).toBeGreaterThan(9);
    });
  },
);
