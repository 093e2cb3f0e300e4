import { TestDatabases } from '@backstage/backend-test-utils';
import { SbomComponent } from '@maestro-conductor/backstage-plugin-maestro-common';
import { Knex } from 'knex';
import { MIGRATIONS_DIRECTORY } from '../database/migrateDatabase';
import {
  TABLE_ARTIFACTS,
  TABLE_EVIDENCE_DOCUMENTS,
  TABLE_SBOM_COMPONENTS,
  TABLE_VULNERABILITY_FINDINGS,
} from '../database/tables';
import { DatabaseEvidenceContentStore } from './DatabaseEvidenceContentStore';
import { DatabaseSupplyChainStore } from './DatabaseSupplyChainStore';
import { DatabaseVulnerabilityExemptionStore } from './DatabaseVulnerabilityExemptionStore';
import { ArtifactRecord, EvidenceDocumentRecord } from './types';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const MIGRATION = '20261130120000_supply_chain.js';
const SUPPLY_CHAIN_TABLES = [
  'maestro_artifacts',
  'maestro_evidence_documents',
  'maestro_sbom_components',
  'maestro_vulnerability_findings',
  'maestro_signature_verifications',
  'maestro_provenance_verifications',
  'maestro_vulnerability_exemptions',
];

const digest = (c: string) => `sha256:${c.repeat(64)}`;

function artifact(id: string, overrides: Partial<ArtifactRecord> = {}) {
  return {
    id,
    entityRef: 'component:default/payments-api',
    repository: 'ghcr.io/acme/payments-api',
    digest: digest('a'),
    tags: ['1.0.0'],
    commit: 'abc1234',
    createdAt: '2026-11-30T10:00:00.000Z',
    createdBy: 'service:external:ci',
    updatedAt: '2026-11-30T10:00:00.000Z',
    ...overrides,
  };
}

function document(
  id: string,
  artifactId: string,
  overrides: Partial<EvidenceDocumentRecord> = {},
): EvidenceDocumentRecord {
  return {
    id,
    artifactId,
    kind: 'sbom',
    format: 'cyclonedx-json',
    version: '1.6',
    sha256: digest('1'),
    sizeBytes: 3,
    tool: 'syft 1.0.0',
    toolName: 'syft',
    toolVersion: '1.0.0',
    ingestedAt: '2026-11-30T10:00:01.000Z',
    ingestedBy: 'service:external:ci',
    ...overrides,
  };
}

function generatedComponents(count: number): SbomComponent[] {
  return Array.from({ length: count }, (_, n) => ({
    name: n % 2 ? `@acme/lib-${n}` : `lib-${n}`,
    version: `1.${n}.0`,
    purl: `pkg:npm/lib-${n}@1.${n}.0`,
    type: n % 10 === 0 ? 'application' : 'library',
    licenses: n % 3 === 0 ? ['MIT'] : ['Apache-2.0', 'BSD-3-Clause'],
    relationship: n % 5 === 0 ? 'direct' : 'transitive',
  }));
}

describe.each(databases.eachSupportedId())(
  'DatabaseSupplyChainStore and DatabaseEvidenceContentStore on %s',
  databaseId => {
    let knex: Knex;
    let store: DatabaseSupplyChainStore;
    let content: DatabaseEvidenceContentStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      store = DatabaseSupplyChainStore.fromClient(knex);
      content = DatabaseEvidenceContentStore.fromClient(knex);
    });

    /** Undoes the applied migrations newer than `name`, newest first. */
    async function undoMigrationsAfter(name: string) {
      const [completed] = await knex.migrate.list({
        directory: MIGRATIONS_DIRECTORY,
      });
      const names = (completed as Array<string | { name: string }>).map(m =>
        typeof m === 'string' ? m : m.name,
      );
      for (const later of names
        .filter(n => n > name)
        .sort()
        .reverse()) {
        await knex.migrate.down({
          directory: MIGRATIONS_DIRECTORY,
          name: later,
        });
      }
    }

    it('migrates down and up again', async () => {
      // Later migrations alter these tables, so they go down first.
      await undoMigrationsAfter(MIGRATION);
      await knex.migrate.down({
        directory: MIGRATIONS_DIRECTORY,
        name: MIGRATION,
      });
      for (const table of SUPPLY_CHAIN_TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }
      expect(await knex.schema.hasTable('maestro_ledger_entries')).toBe(true);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      for (const table of SUPPLY_CHAIN_TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }
    });

    it('adds the reading and VEX analysis columns, and removes them on the way down', async () => {
      const reading = '20261202150000_evidence_warnings_and_vex_analysis.js';
      const columns = async () => ({
        documents: await Promise.all(
          ['warnings', 'subject'].map(c =>
            knex.schema.hasColumn('maestro_evidence_documents', c),
          ),
        ),
        findings: await Promise.all(
          [
            'analysis_state',
            'analysis_justification',
            'analysis_responses',
            'analysis_detail',
          ].map(c =>
            knex.schema.hasColumn('maestro_vulnerability_findings', c),
          ),
        ),
      });
      expect(await columns()).toEqual({
        documents: [true, true],
        findings: [true, true, true, true],
      });
      await undoMigrationsAfter(reading);
      await knex.migrate.down({
        directory: MIGRATIONS_DIRECTORY,
        name: reading,
      });
      expect(await columns()).toEqual({
        documents: [false, false],
        findings: [false, false, false, false],
      });
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      expect((await columns()).findings).toEqual([true, true, true, true]);
    });

    it('keeps one artifact per digest, even when inserted concurrently', async () => {
      const results = await Promise.all(
        ['a1', 'a2', 'a3', 'a4'].map(id =>
          knex.transaction(tx =>
            store.insertArtifactIfAbsent(
              tx,
              artifact(id, { digest: digest('b') }),
            ),
          ),
        ),
      );
      expect(results.filter(r => r.created)).toHaveLength(1);
      expect(new Set(results.map(r => r.artifact.id)).size).toBe(1);
      const stored = await store.getArtifactByDigest(digest('b'));
      expect(stored).toEqual(
        artifact(results[0].artifact.id, { digest: digest('b') }),
      );
      await knex.transaction(tx =>
        store.updateArtifact(tx, {
          ...stored!,
          tags: ['1.0.0', 'latest'],
          pullRequest: 42,
          updatedAt: '2026-11-30T11:00:00.000Z',
        }),
      );
      expect(await store.getArtifact(stored!.id)).toMatchObject({
        tags: ['1.0.0', 'latest'],
        pullRequest: 42,
        createdAt: '2026-11-30T10:00:00.000Z',
        updatedAt: '2026-11-30T11:00:00.000Z',
      });
    });

    it('stores a document once per artifact and content hash, concurrently too', async () => {
      await knex.transaction(tx =>
        store.insertArtifactIfAbsent(
          tx,
          artifact('c1', { digest: digest('c') }),
        ),
      );
      const bytes = Buffer.from('{"bomFormat":"CycloneDX"}');
      const results = await Promise.all(
        ['d1', 'd2', 'd3', 'd4', 'd5'].map(id =>
          knex.transaction(tx =>
            store.insertDocumentIfAbsent(
              tx,
              document(id, 'c1', { sizeBytes: bytes.length }),
              bytes,
            ),
          ),
        ),
      );
      expect(results.filter(r => r.created)).toHaveLength(1);
      const [{ count }] = await knex(TABLE_EVIDENCE_DOCUMENTS)
        .where({ artifact_id: 'c1' })
        .count({ count: '*' });
      expect(Number(count)).toBe(1);
      const stored = await store.getDocumentContent(results[0].document.id);
      expect(stored!.content.equals(bytes)).toBe(true);
      expect(stored!.document).toEqual(
        document(results[0].document.id, 'c1', { sizeBytes: bytes.length }),
      );
      // The same bytes for another artifact are another document.
      await knex.transaction(tx =>
        store.insertArtifactIfAbsent(
          tx,
          artifact('c2', { digest: digest('d') }),
        ),
      );
      const other = await knex.transaction(tx =>
        store.insertDocumentIfAbsent(tx, document('d6', 'c2'), bytes),
      );
      expect(other.created).toBe(true);
    });

    it('batch-inserts 10,000 components and pages, searches and filters them in the database', async () => {
      await knex.transaction(async tx => {
        await store.insertArtifactIfAbsent(
          tx,
          artifact('e1', { digest: digest('e') }),
        );
        await store.insertDocumentIfAbsent(
          tx,
          document('sbom-e1', 'e1'),
          Buffer.from('{}'),
        );
        await content.insertComponents(
          tx,
          'sbom-e1',
          generatedComponents(10_000),
        );
      });
      const all = await content.pageComponents('sbom-e1', {
        offset: 0,
        limit: 5,
      });
      expect(all.totalCount).toBe(10_000);
      expect(all.items).toHaveLength(5);
      expect(all.items[0]).toMatchObject({ documentId: 'sbom-e1' });

      const scoped = await content.pageComponents('sbom-e1', {
        search: '@ACME/LIB-99',
        offset: 0,
        limit: 1000,
      });
      // @acme/lib-99, -991, -993 … -999 and -9901 … (odd numbers only)
      expect(scoped.items.every(c => c.name.startsWith('@acme/lib-99'))).toBe(
        true,
      );
      expect(scoped.totalCount).toBe(scoped.items.length);
      expect(scoped.totalCount).toBe(56);

      const byPurl = await content.pageComponents('sbom-e1', {
        search: 'npm/lib-4242@',
        offset: 0,
        limit: 10,
      });
      expect(byPurl.items.map(c => c.name)).toEqual(['lib-4242']);

      const wildcard = await content.pageComponents('sbom-e1', {
        search: '100%',
        offset: 0,
        limit: 10,
      });
      expect(wildcard.totalCount).toBe(0);

      const mit = await content.pageComponents('sbom-e1', {
        license: 'mit',
        type: 'application',
        relationship: 'direct',
        offset: 0,
        limit: 1000,
      });
      // n divisible by 3, 5 and 10: every 30th.
      expect(mit.totalCount).toBe(334);
      expect(
        mit.items.every(
          c =>
            c.licenses.includes('MIT') &&
            c.type === 'application' &&
            c.relationship === 'direct',
        ),
      ).toBe(true);
      // A licence is matched whole, not as a substring of another.
      const bsd = await content.pageComponents('sbom-e1', {
        license: 'BSD-3',
        offset: 0,
        limit: 1,
      });
      expect(bsd.totalCount).toBe(0);

      const page2 = await content.pageComponents('sbom-e1', {
        offset: 5,
        limit: 5,
      });
      const firstTen = await content.pageComponents('sbom-e1', {
        offset: 0,
        limit: 10,
      });
      expect([...all.items, ...page2.items]).toEqual(firstTen.items);

      expect(await content.componentFacets('sbom-e1')).toEqual({
        licenses: ['Apache-2.0', 'BSD-3-Clause', 'MIT'],
        types: ['application', 'library'],
      });
      expect((await content.countComponents(['sbom-e1'])).get('sbom-e1')).toBe(
        10_000,
      );
    });

    it('stores findings and verifications, and rolls everything back with a failed transaction', async () => {
      await knex.transaction(async tx => {
        await store.insertArtifactIfAbsent(
          tx,
          artifact('f1', { digest: digest('f') }),
        );
        await store.insertDocumentIfAbsent(
          tx,
          document('scan-f1', 'f1', {
            kind: 'vulnerability-report',
            format: 'trivy-json',
          }),
          Buffer.from('{}'),
        );
        await content.insertFindings(tx, 'scan-f1', [
          {
            id: 'CVE-2021-44228',
            aliases: ['GHSA-jfh8-c2jp-5v3q'],
            severity: 'critical',
            cvss: { score: 10, version: '3.1', source: 'nvd' },
            package: { name: 'log4j-core', type: 'maven' },
            installedVersion: '2.14.1',
            fixedVersions: ['2.15.0'],
            target: 'app.jar',
            title: 'Log4Shell',
            url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228',
          },
          {
            id: 'CVE-2024-0001',
            aliases: [],
            severity: 'low',
            package: { name: 'zlib' },
            fixedVersions: [],
          },
        ]);
        await store.insertSignature(tx, {
          documentId: 'scan-f1',
          artifactId: 'f1',
          verified: false,
          reason: 'no sigstore trust root configured',
          detail: { verified: false },
          verifiedAt: '2026-11-30T10:00:01.000Z',
        });
      });
      expect(await content.listFindings(['scan-f1'], ['critical'])).toEqual([
        {
          documentId: 'scan-f1',
          id: 'CVE-2021-44228',
          aliases: ['GHSA-jfh8-c2jp-5v3q'],
          severity: 'critical',
          cvss: { score: 10, version: '3.1', source: 'nvd' },
          package: { name: 'log4j-core', type: 'maven' },
          installedVersion: '2.14.1',
          fixedVersions: ['2.15.0'],
          target: 'app.jar',
          title: 'Log4Shell',
          url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228',
        },
      ]);
      expect(await content.listFindingSeverities(['scan-f1'])).toHaveLength(2);
      expect(await store.listSignatures(['f1'])).toEqual([
        expect.objectContaining({
          verified: false,
          detail: { verified: false },
        }),
      ]);

      await expect(
        knex.transaction(async tx => {
          await store.insertArtifactIfAbsent(
            tx,
            artifact('g1', { digest: digest('0') }),
          );
          await store.insertDocumentIfAbsent(
            tx,
            document('sbom-g1', 'g1'),
            Buffer.from('{}'),
          );
          await content.insertComponents(
            tx,
            'sbom-g1',
            generatedComponents(600),
          );
          await store.insertProvenance(tx, {
            documentId: 'sbom-g1',
            artifactId: 'g1',
            valid: true,
            reason: 'ok',
            signed: false,
            detail: {},
            verifiedAt: '2026-11-30T10:00:01.000Z',
          });
          throw new Error('ledger append failed');
        }),
      ).rejects.toThrow('ledger append failed');
      expect(await store.getArtifactByDigest(digest('0'))).toBeUndefined();
      expect(
        await knex(TABLE_SBOM_COMPONENTS).where({ document_id: 'sbom-g1' }),
      ).toEqual([]);
      expect(await store.listProvenance(['g1'])).toEqual([]);
    });

    it('lists artifacts newest first and those a trend needs', async () => {
      const entityRef = 'component:default/checkout-web';
      await knex.transaction(async tx => {
        for (const [id, createdAt, c] of [
          ['t1', '2026-10-01T00:00:00.000Z', '5'],
          ['t2', '2026-10-20T00:00:00.000Z', '6'],
          ['t3', '2026-11-25T00:00:00.000Z', '7'],
        ]) {
          await store.insertArtifactIfAbsent(
            tx,
            artifact(id, { entityRef, digest: digest(c), createdAt }),
          );
        }
      });
      const page = await store.listArtifacts({
        entityRef,
        offset: 0,
        limit: 2,
      });
      expect(page.totalCount).toBe(3);
      expect(page.items.map(a => a.id)).toEqual(['t3', 't2']);
      const trend = await store.listArtifactsForTrend(
        '2026-11-01T00:00:00.000Z',
      );
      expect(
        trend
          .filter(a => a.entityRef === entityRef)
          .map(a => a.id)
          .sort(),
      ).toEqual(['t2', 't3']);
    });

    it('says which digests artifacts have', async () => {
      // t1..t3 above have digests 5, 6 and 7.
      expect(
        (
          await store.listArtifactDigests([
            digest('6'),
            digest('9'),
            digest('5'),
            digest('6'),
          ])
        ).sort(),
      ).toEqual([digest('5'), digest('6')]);
      expect(await store.listArtifactDigests([digest('9')])).toEqual([]);
      expect(await store.listArtifactDigests([])).toEqual([]);
    });

    it('deletes an artifact with all its evidence', async () => {
      await knex(TABLE_ARTIFACTS).where({ id: 'f1' }).delete();
      expect(
        await knex(TABLE_VULNERABILITY_FINDINGS).where({
          document_id: 'scan-f1',
        }),
      ).toEqual([]);
    });

    it('keeps vulnerability exemptions and revokes each once', async () => {
      const exemptions = DatabaseVulnerabilityExemptionStore.fromClient(knex);
      const exemption = {
        id: 'x1',
        entityRef: 'component:default/payments-api',
        vulnerabilityId: 'CVE-2021-44228',
        packageName: 'log4j-core',
        scope: { channel: 'prod' },
        owner: 'group:default/payments-team',
        reason: 'Not reachable: JNDI lookups disabled',
        ticket: 'SEC-7',
        expiresAt: '2026-12-30T00:00:00.000Z',
        createdBy: 'user:default/ada-lovelace',
        createdAt: '2026-11-30T10:00:00.000Z',
      };
      await knex.transaction(tx => exemptions.insertExemption(tx, exemption));
      expect(
        await exemptions.listExemptions({ entityRefs: [exemption.entityRef] }),
      ).toEqual([exemption]);
      const revoke = (at: string) =>
        knex.transaction(tx =>
          exemptions.revokeExemption(tx, 'x1', 'user:default/grace-hopper', at),
        );
      expect(await revoke('2026-12-01T00:00:00.000Z')).toBe(true);
      expect(await revoke('2026-12-02T00:00:00.000Z')).toBe(false);
      expect(await exemptions.getExemption('x1')).toMatchObject({
        revokedAt: '2026-12-01T00:00:00.000Z',
      });
    });
  },
);
