import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { MIGRATIONS_DIRECTORY } from '../../database/migrateDatabase';
import {
  TABLE_HUD_EVENTS,
  TABLE_HUD_PAYLOAD_DIGESTS,
  TABLE_HUD_PULL_REQUESTS,
  TABLE_HUD_RUNS,
  TABLE_HUD_STAGES,
  TABLE_HUD_UNROUTED,
} from '../../database/tables';
import { DatabaseHudUnroutedStore } from '../DatabaseHudUnroutedStore';
import { DatabaseEvidenceContentStore } from '../../supplyChain/DatabaseEvidenceContentStore';
import { DatabaseSupplyChainStore } from '../../supplyChain/DatabaseSupplyChainStore';
import { DatabaseVulnerabilityExemptionStore } from '../../supplyChain/DatabaseVulnerabilityExemptionStore';
import { SupplyChainService } from '../../supplyChain/SupplyChainService';
import {
  BILLING,
  clearHudTables,
  digest,
  eventRow,
  insertRows,
  PAYMENTS,
  pullRequestRow,
  runRow,
  stageRow,
} from '../metrics/__testUtils__/hudRows';
import {
  DatabaseHudAlertStore,
  TABLE_HUD_ALERTS,
} from '../../alerts/DatabaseHudAlertStore';
import { DatabaseHudRetentionStore } from './DatabaseHudRetentionStore';
import { HudRetention } from './HudRetention';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const NOW = new Date('2026-12-10T12:00:00.000Z');
const OLD = '2026-08-01T00:00:00.000Z';
const RECENT = '2026-12-01T00:00:00.000Z';

const ids = async (knex: Knex, table: string) =>
  (await knex(table).select('id')).map(row => row.id as string).sort();

describe.each(databases.eachSupportedId())('HudRetention on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseHudRetentionStore;
  let alerts: DatabaseHudAlertStore;
  let supplyChain: SupplyChainService;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    store = DatabaseHudRetentionStore.fromClient(knex);
    alerts = DatabaseHudAlertStore.fromClient(knex);
    const artifacts = DatabaseSupplyChainStore.fromClient(knex);
    supplyChain = new SupplyChainService({
      store: artifacts,
      content: DatabaseEvidenceContentStore.fromClient(knex),
      exemptions: DatabaseVulnerabilityExemptionStore.fromClient(knex),
      policy: { listResults: async () => [] },
      channels: { channelsOf: async () => new Map() },
      config: { gates: {} },
    });
    // The image of one old run is registered supply-chain evidence.
    await knex.transaction(tx =>
      artifacts.insertArtifactIfAbsent(tx, {
        id: 'artifact-a',
        entityRef: PAYMENTS,
        repository: 'ghcr.io/acme/payments-api',
        digest: digest('a'),
        tags: ['1.0.0'],
        createdAt: OLD,
        createdBy: 'service:external:ci',
        updatedAt: OLD,
      }),
    );
  });

  beforeEach(async () => {
    await clearHudTables(knex);
    await knex(TABLE_HUD_ALERTS).delete();
  });

  const retention = (batchSize: number) =>
    new HudRetention({
      store,
      alerts,
      digests: supplyChain,
      retentionDays: 90,
      logger: mockServices.logger.mock(),
      batchSize,
      now: () => NOW,
    });

  it('deletes old runs, events and pull requests, keeping referenced images and open pull requests', async () => {
    await insertRows(knex, {
      runs: [
        runRow('old-plain', { at: OLD }),
        runRow('old-referenced', {
          at: OLD,
          image_digest: digest('a'),
          pull_request: 9,
        }),
        runRow('old-other-digest', { at: OLD, image_digest: digest('b') }),
        runRow('old-open-pr', { at: OLD, pull_request: 7 }),
        runRow('old-closed-pr', { at: OLD, pull_request: 8 }),
        // PR 7 is open for payments-api, not for billing.
        runRow('old-billing', {
          at: OLD,
          entity_ref: BILLING,
          pull_request: 7,
        }),
        ...['bulk-1', 'bulk-2', 'bulk-3', 'bulk-4', 'bulk-5'].map(id =>
          runRow(id, { at: OLD }),
        ),
        runRow('recent', { at: RECENT }),
      ],
      stages: [
        stageRow('stage-old-plain', 'old-plain'),
        stageRow('stage-old-referenced', 'old-referenced'),
      ],
      pullRequests: [
        pullRequestRow('pr-7', 7, { state: 'open', updated_at: OLD }),
        pullRequestRow('pr-8', 8, { state: 'closed', updated_at: OLD }),
        pullRequestRow('pr-9', 9, { state: 'merged', updated_at: OLD }),
        pullRequestRow('pr-10', 10, { state: null, updated_at: OLD }),
        pullRequestRow('pr-11', 11, { state: 'closed', updated_at: RECENT }),
      ],
      events: [
        eventRow('e-old-plain', { run_id: 'old-plain', received_at: OLD }),
        eventRow('e-old-referenced', {
          run_id: 'old-referenced',
          received_at: OLD,
        }),
        eventRow('e-old-open-pr', { run_id: 'old-open-pr', received_at: OLD }),
        eventRow('e-old-push', { received_at: OLD }),
        eventRow('e-recent', { received_at: RECENT }),
      ],
    });
    await alerts.openBreach({
      id: 'alert-old',
      ruleId: 'r1',
      metric: 'failureRate',
      entityRef: PAYMENTS,
      title: 't',
      value: 1,
      threshold: 0.1,
      openedAt: OLD,
    });
    await alerts.resolveBreach('alert-old', { resolvedAt: OLD });
    await alerts.openBreach({
      id: 'alert-open',
      ruleId: 'r2',
      metric: 'failureRate',
      entityRef: PAYMENTS,
      title: 't',
      value: 1,
      threshold: 0.1,
      openedAt: OLD,
    });

    // Batches of 2 make pages hold kept runs, which must not stall paging.
    expect(await retention(2).prune()).toEqual({
      cutoff: '2026-09-11T12:00:00.000Z',
      runs: 9,
      keptRuns: 1,
      events: 2,
      pullRequests: 2,
      alerts: 1,
      unrouted: 0,
      payloadDigests: 0,
    });
    expect(await ids(knex, TABLE_HUD_RUNS)).toEqual([
      'old-open-pr',
      'old-referenced',
      'recent',
    ]);
    expect(await ids(knex, TABLE_HUD_STAGES)).toEqual(['stage-old-referenced']);
    expect(await ids(knex, TABLE_HUD_EVENTS)).toEqual([
      'e-old-open-pr',
      'e-old-referenced',
      'e-recent',
    ]);
    expect(await ids(knex, TABLE_HUD_PULL_REQUESTS)).toEqual([
      'pr-11',
      'pr-7',
      'pr-9',
    ]);
    expect(await ids(knex, TABLE_HUD_ALERTS)).toEqual(['alert-open']);

    // Nothing left to do the second time.
    expect(await retention(500).prune()).toMatchObject({
      runs: 0,
      keptRuns: 1,
      events: 0,
      pullRequests: 0,
      alerts: 0,
    });
  });

  it('deletes parked deliveries past retention and payload digests past the replay window', async () => {
    await knex(TABLE_HUD_UNROUTED).delete();
    await knex(TABLE_HUD_PAYLOAD_DIGESTS).delete();
    const unrouted = DatabaseHudUnroutedStore.fromClient(knex);
    for (const [id, receivedAt] of [
      ['parked-old', OLD],
      ['parked-recent', RECENT],
    ]) {
      await unrouted.park({
        id,
        eventKey: `key-${id}`,
        payloadDigest: `digest-${id}`,
        source: 'github',
        deliveryId: id,
        type: 'workflow_run.completed',
        annotation: 'github.com/project-slug',
        value: 'acme/x',
        problem: 'ambiguous',
        claimants: ['component:default/a', 'component:default/b'],
        reason: 'both claim it',
        receivedAt,
        payload: {},
      });
    }
    // Window of 72 hours before NOW: 2026-12-07T12:00:00Z.
    await knex(TABLE_HUD_PAYLOAD_DIGESTS).insert([
      {
        payload_sha256: 'a'.repeat(64),
        event_id: 'e1',
        received_at: '2026-12-07T11:59:59.999Z',
      },
      {
        payload_sha256: 'b'.repeat(64),
        event_id: 'e2',
        received_at: '2026-12-07T12:00:00.000Z',
      },
    ]);
    expect(await retention(1).prune()).toMatchObject({
      unrouted: 1,
      payloadDigests: 1,
    });
    expect(await ids(knex, TABLE_HUD_UNROUTED)).toEqual(['parked-recent']);
    expect(
      (await knex(TABLE_HUD_PAYLOAD_DIGESTS)).map(row => row.event_id),
    ).toEqual(['e2']);
  });

  it('does not delete a listed run that received an event before the delete', async () => {
    await insertRows(knex, {
      runs: [runRow('r1', { at: OLD }), runRow('r2', { at: OLD })],
    });
    const cutoff = '2026-09-11T12:00:00.000Z';
    const listed = await store.listExpiredRuns({ cutoff, limit: 10 });
    expect(listed.map(run => run.id)).toEqual(['r1', 'r2']);
    await knex(TABLE_HUD_RUNS)
      .where({ id: 'r2' })
      .update({ updated_at: RECENT });
    expect(
      await store.deleteRuns(
        listed.map(run => run.id),
        cutoff,
      ),
    ).toBe(1);
    expect(await ids(knex, TABLE_HUD_RUNS)).toEqual(['r2']);
  });
});
