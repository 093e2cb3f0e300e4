import {
  mockCredentials,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConflictError, InputError } from '@backstage/errors';
import { StoredPolicyEvaluation } from '@maestro-conductor/backstage-plugin-maestro-common';
import { Knex } from 'knex';
import { createTestMutations } from '../__testUtils__/testMutations';
import { MIGRATIONS_DIRECTORY } from '../database/migrateDatabase';
import { evidenceFixture } from './__testUtils__/fixtures';
import { DatabaseEvidenceContentStore } from './DatabaseEvidenceContentStore';
import { DatabaseSupplyChainStore } from './DatabaseSupplyChainStore';
import { DatabaseVulnerabilityExemptionStore } from './DatabaseVulnerabilityExemptionStore';
import { EvidenceIngestService } from './EvidenceIngestService';
import { DEFAULT_GATES } from './supplyChainConfig';
import { SupplyChainService } from './SupplyChainService';
import { SupplyChainSummaries } from './SupplyChainSummaries';
import { VulnerabilityExemptionService } from './VulnerabilityExemptionService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const ENTITY = 'component:default/payments-api';
const CI = 'service:external:ci';
const ADA = 'user:default/ada-lovelace';
const REPOSITORY = 'ghcr.io/acme/payments-api';
const digest = (c: string) => `sha256:${c.repeat(64)}`;
const DAY_MS = 24 * 3600 * 1000;

/**
 * The npm SBOM fixture with react upgraded, jquery removed and lodash added;
 * jquery's vulnerability goes with it.
 */
function upgradedSbom(): Buffer {
  const bom = JSON.parse(
    evidenceFixture('cyclonedx-1.7-trivy-npm.cdx.json').toString('utf8'),
  );
  for (const component of bom.components) {
    if (component.name === 'react') {
      component.version = '18.3.1';
      component.purl = 'pkg:npm/react@18.3.1';
    }
  }
  bom.components = bom.components.filter(
    (c: { name: string }) => c.name !== 'jquery',
  );
  bom.vulnerabilities = bom.vulnerabilities.filter(
    (v: { id: string }) => v.id !== 'CVE-2019-11358',
  );
  bom.components.push({
    'bom-ref': 'pkg:npm/lodash@4.17.21',
    type: 'library',
    name: 'lodash',
    version: '4.17.21',
    purl: 'pkg:npm/lodash@4.17.21',
  });
  return Buffer.from(JSON.stringify(bom));
}

describe.each(databases.eachSupportedId())(
  'supply-chain services on %s',
  databaseId => {
    let knex: Knex;
    let clock: Date;
    let ingest: EvidenceIngestService;
    let supplyChain: SupplyChainService;
    let summaries: SupplyChainSummaries;
    let exemptions: VulnerabilityExemptionService;
    let policyResults: StoredPolicyEvaluation[];
    const publish = jest.fn(async () => {});
    const now = () => clock;

    beforeEach(async () => {
      jest.clearAllMocks();
      knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      clock = new Date('2026-11-30T12:00:00.000Z');
      policyResults = [];
      const { mutations } = createTestMutations(knex, { publish });
      const store = DatabaseSupplyChainStore.fromClient(knex);
      const content = DatabaseEvidenceContentStore.fromClient(knex);
      const exemptionStore =
        DatabaseVulnerabilityExemptionStore.fromClient(knex);
      ingest = new EvidenceIngestService({
        store,
        content,
        mutations,
        // Every claim allowed: ownership is tested through the API (supplyChainApi.test.ts).
        ownership: { assertOwns: async () => {} },
        maxDocumentBytes: 1024 * 1024,
        now,
      });
      supplyChain = new SupplyChainService({
        store,
        content,
        exemptions: exemptionStore,
        policy: {
          listResults: async query =>
            policyResults.filter(
              r =>
                r.entityRef === query.entityRef &&
                r.imageDigest === query.imageDigest,
            ),
        },
        channels: {
          channelsOf: async refs =>
            new Map(refs.map(ref => [ref, ['dev', 'qa', 'prod']])),
        },
        config: {
          gates: {
            ...DEFAULT_GATES,
            qa: { ...DEFAULT_GATES.dev, maxCritical: 0, requireSbom: true },
          },
        },
        now,
      });
      summaries = new SupplyChainSummaries({ store, content, now });
      exemptions = new VulnerabilityExemptionService({
        store: exemptionStore,
        artifacts: store,
        mutations,
        maxExemptionDays: 30,
        now,
      });
    });

    const ingestFixture = (
      content: Buffer,
      image = { repository: REPOSITORY, digest: digest('a') },
    ) =>
      ingest.ingestEvidence({ entityRef: ENTITY, image, content, actor: CI });

    const ledgerActions = async () =>
      (await knex('maestro_ledger_entries').orderBy('sequence')).map(
        (e: { action: string }) => e.action,
      );

    it('stores a document once, with one ledger entry, and signals after commit', async () => {
      const sbom = evidenceFixture('cyclonedx-1.7-trivy-npm.cdx.json');
      const first = await ingestFixture(sbom);
      const again = await ingestFixture(sbom);
      expect(first.created).toBe(true);
      expect(again).toEqual({ ...first, created: false });
      expect(first.document).toMatchObject({
        // Trivy's BOM lists components and jquery's vulnerability.
        kind: 'sbom-and-vulnerability-report',
        format: 'cyclonedx-json',
        version: '1.7',
        tool: 'trivy dev',
        sizeBytes: sbom.length,
        ingestedBy: CI,
      });
      expect(await ledgerActions()).toEqual(['supply-chain.evidence.ingest']);
      expect(publish).toHaveBeenCalledWith(
        expect.objectContaining({
          channel: `maestro:entity:${ENTITY}`,
          message: expect.objectContaining({ topic: 'supply-chain' }),
        }),
      );
    });

    it('merges artifact metadata, and never moves a digest to another entity', async () => {
      const registration = {
        entityRef: ENTITY,
        repository: REPOSITORY,
        digest: digest('b'),
        tags: ['1.4.0'],
        commit: 'ebff8dfbd609b7b22237c7719ce07f2dc7934f5f',
      };
      const created = await ingest.registerArtifact(registration, CI);
      expect(created.created).toBe(true);
      const same = await ingest.registerArtifact(registration, CI);
      expect(same).toEqual({ artifact: created.artifact, created: false });
      const merged = await ingest.registerArtifact(
        { ...registration, tags: ['latest'], pullRequest: 7 },
        CI,
      );
      expect(merged.artifact).toMatchObject({
        id: created.artifact.id,
        tags: ['1.4.0', 'latest'],
        commit: 'ebff8dfbd609b7b22237c7719ce07f2dc7934f5f',
        pullRequest: 7,
      });
      await expect(
        ingest.registerArtifact(
          { ...registration, entityRef: 'component:default/checkout-web' },
          CI,
        ),
      ).rejects.toThrow(ConflictError);
      expect(await ledgerActions()).toEqual([
        'supply-chain.artifact.register',
        'supply-chain.artifact.update',
      ]);
    });

    it('gates on unexempted criticals until the exemption expires (fixed clock)', async () => {
      const { artifact } = await ingestFixture(
        evidenceFixture('trivy-fluentd-gems.json'),
      );
      await ingestFixture(evidenceFixture('cyclonedx-1.7-trivy-npm.cdx.json'));
      const critical = () => supplyChain.gate(artifact.id, 'qa');

      const before = await critical();
      expect(before.passed).toBe(false);
      expect(before.checks.find(c => c.id === 'critical')?.reason).toBe(
        '1 unexempted critical (CVE-2019-18224); qa allows 0',
      );

      const { exemption } = await exemptions.createExemption(
        {
          entityRef: ENTITY,
          vulnerabilityId: 'CVE-2019-18224',
          packageName: 'libidn2-0',
          owner: 'group:default/payments-team',
          reason: 'libidn2 is not reachable from the service',
          ticket: 'SEC-12',
          expiresAt: new Date(clock.getTime() + 10 * DAY_MS).toISOString(),
        },
        ADA,
      );
      expect(exemption.status).toBe('active');
      const exempted = await critical();
      expect(exempted.passed).toBe(true);
      expect(exempted.checks.find(c => c.id === 'critical')).toMatchObject({
        passed: true,
        exemptions: [{ id: exemption.id, vulnerabilityId: 'CVE-2019-18224' }],
      });
      expect(
        (await supplyChain.listVulnerabilities(artifact.id)).map(f => [
          f.id,
          f.scanner,
          f.exemption?.status,
        ]),
      ).toEqual([
        ['CVE-2019-18224', 'trivy dev', 'active'],
        ['CVE-2020-8165', 'trivy dev', undefined],
        // From the npm BOM, a scan too.
        ['CVE-2019-11358', 'trivy dev', undefined],
      ]);

      clock = new Date(clock.getTime() + 11 * DAY_MS);
      const expired = await critical();
      expect(expired.passed).toBe(false);
      expect(expired.checks.find(c => c.id === 'critical')?.reason).toBe(
        '1 unexempted critical (CVE-2019-18224); the exemption for CVE-2019-18224 expired 2026-12-10; qa allows 0',
      );
      expect(
        (await supplyChain.listVulnerabilities(artifact.id))[0].exemption
          ?.status,
      ).toBe('expired');
      expect(
        (await exemptions.listExemptions({ entityRef: ENTITY })).map(
          e => e.status,
        ),
      ).toEqual(['expired']);
    });

    it('refuses exemptions without a near expiry, or for a digest of another entity', async () => {
      const request = {
        entityRef: ENTITY,
        vulnerabilityId: 'CVE-2019-18224',
        owner: 'group:default/payments-team',
        reason: 'libidn2 is not reachable from the service',
      };
      await expect(
        exemptions.createExemption(
          { ...request, expiresAt: '2026-11-29T00:00:00.000Z' },
          ADA,
        ),
      ).rejects.toThrow(/is not in the future/);
      await expect(
        exemptions.createExemption(
          { ...request, expiresAt: '2027-06-01T00:00:00.000Z' },
          ADA,
        ),
      ).rejects.toThrow(/more than 30 days away/);
      await ingest.ingestEvidence({
        entityRef: 'component:default/checkout-web',
        image: { repository: 'ghcr.io/acme/checkout-web', digest: digest('c') },
        content: evidenceFixture('trivy-fluentd-gems.json'),
        actor: CI,
      });
      await expect(
        exemptions.createExemption(
          {
            ...request,
            scope: { digest: digest('c') },
            expiresAt: '2026-12-10T00:00:00.000Z',
          },
          ADA,
        ),
      ).rejects.toThrow(InputError);
    });

    it('summarizes artifacts with counts and a verdict per channel of the entity', async () => {
      const { artifact } = await ingestFixture(
        evidenceFixture('trivy-fluentd-gems.json'),
      );
      await ingestFixture(evidenceFixture('cyclonedx-1.7-trivy-npm.cdx.json'));
      policyResults.push({
        id: 'eval-1',
        entityRef: ENTITY,
        imageDigest: artifact.digest,
        source: 'ci',
        evaluatedAt: clock.toISOString(),
        evaluatedBy: CI,
        report: {
          passed: true,
          findings: [],
          profile: 'default',
          evaluatedAt: clock.toISOString(),
          summary: {
            deny: 0,
            warn: 0,
            exempted: 0,
            expiredExemptions: 0,
            resources: 1,
            rules: 1,
          },
        },
      });
      const page = await supplyChain.listArtifacts(
        { entityRef: ENTITY, offset: 0, limit: 20 },
        mockCredentials.user(),
      );
      expect(page.totalCount).toBe(1);
      expect(page.items[0]).toMatchObject({
        id: artifact.id,
        componentCount: 13,
        // jquery's medium comes from the npm BOM.
        vulnerabilityCounts: { critical: 1, high: 1, medium: 1 },
        signatureVerified: false,
        provenanceValid: false,
        verdicts: [
          { channel: 'dev', passed: true },
          { channel: 'qa', passed: false },
          { channel: 'prod', passed: false },
        ],
      });
      const detail = await supplyChain.getArtifact(
        artifact.id,
        mockCredentials.user(),
      );
      expect(detail.documents.map(d => d.kind).sort()).toEqual([
        'sbom-and-vulnerability-report',
        'vulnerability-report',
      ]);
      const policy = (await supplyChain.gate(artifact.id, 'prod')).checks.find(
        c => c.id === 'policy',
      );
      expect(policy?.passed).toBe(true);
    });

    it('diffs two builds of the entity: components and vulnerabilities', async () => {
      const older = await ingestFixture(
        evidenceFixture('cyclonedx-1.7-trivy-npm.cdx.json'),
      );
      await ingestFixture(evidenceFixture('trivy-alpine-310.json'));
      const newer = { repository: REPOSITORY, digest: digest('b') };
      await ingestFixture(upgradedSbom(), newer);
      const scanned = await ingestFixture(
        evidenceFixture('trivy-fluentd-gems.json'),
        newer,
      );
      const diff = await supplyChain.diff(
        older.artifact.id,
        scanned.artifact.id,
      );
      expect(diff.from.id).toBe(older.artifact.id);
      expect(diff.components.added.map(c => c.name)).toEqual(['lodash']);
      expect(diff.components.removed.map(c => c.name)).toEqual(['jquery']);
      expect(diff.components.changed).toEqual([
        {
          name: 'react',
          type: 'library',
          purl: 'pkg:npm/react@18.3.1',
          fromVersion: '16.8.6',
          toVersion: '18.3.1',
        },
      ]);
      expect(diff.vulnerabilities.introduced.map(f => f.id)).toEqual([
        'CVE-2019-18224',
        'CVE-2020-8165',
      ]);
      expect(
        diff.vulnerabilities.fixed.map(f => `${f.id} ${f.package.name}`),
      ).toEqual([
        'CVE-2019-11358 jquery',
        'CVE-2019-1549 libcrypto1.1',
        'CVE-2019-1551 libcrypto1.1',
        'CVE-2019-1549 libssl1.1',
        'CVE-2019-1551 libssl1.1',
      ]);
      expect(diff.vulnerabilities.fromCounts.medium).toBe(5);
      expect(diff.vulnerabilities.toCounts).toMatchObject({
        critical: 1,
        high: 1,
        medium: 0,
      });

      const elsewhere = await ingest.ingestEvidence({
        entityRef: 'component:default/checkout-web',
        image: { repository: 'ghcr.io/acme/checkout-web', digest: digest('c') },
        content: evidenceFixture('trivy-alpine-310.json'),
        actor: CI,
      });
      await expect(
        supplyChain.diff(older.artifact.id, elsewhere.artifact.id),
      ).rejects.toThrow(/belong to different entities/);
    });

    it('reports a daily trend of the newest artifact known each day', async () => {
      clock = new Date('2026-11-28T09:00:00.000Z');
      await ingestFixture(evidenceFixture('trivy-alpine-310.json'));
      clock = new Date('2026-11-29T09:00:00.000Z');
      await ingestFixture(evidenceFixture('trivy-fluentd-gems.json'), {
        repository: REPOSITORY,
        digest: digest('b'),
      });
      clock = new Date('2026-11-30T12:00:00.000Z');
      const summary = await summaries.summary({ days: 4 });
      expect(summary.items).toEqual([
        {
          entityRef: ENTITY,
          latestArtifactId: expect.any(String),
          latestDigest: digest('b'),
          counts: {
            critical: 1,
            high: 1,
            medium: 0,
            low: 0,
            negligible: 0,
            unknown: 0,
          },
          trend: [
            { date: '2026-11-27', critical: 0, high: 0 },
            { date: '2026-11-28', critical: 0, high: 0 },
            { date: '2026-11-29', critical: 1, high: 1 },
            { date: '2026-11-30', critical: 1, high: 1 },
          ],
        },
      ]);
    });
  },
);
