import {
  BuildRun,
  BuildStage,
  EntityTimeline,
  HudAlert,
  HudMetrics,
  HudMetricsPoint,
  HudUnroutedDeliveries,
  PullRequestTimeline,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { digestOf } from './supplyChainFixtures';

const ENTITY_REF = 'component:default/payments-api';

/** A stage of a run that succeeded. Test use only. */
export function buildStage(fields: Partial<BuildStage> = {}): BuildStage {
  return {
    name: 'lint',
    status: 'succeeded',
    startedAt: '2026-11-23T10:00:00.000Z',
    finishedAt: '2026-11-23T10:00:12.000Z',
    durationMs: 12_000,
    ...fields,
  };
}

/** A GitHub workflow run of a pull request, every stage passed. Test use only. */
export function buildRun(fields: Partial<BuildRun> = {}): BuildRun {
  return {
    id: 'run-1',
    entityRef: ENTITY_REF,
    source: 'github',
    provider: 'github',
    externalId: '9001',
    name: 'CI',
    url: 'https://github.com/acme/payments-api/actions/runs/9001',
    pullRequest: 57,
    commit: '4f2c9e1d0b7a6c5e3f1a2b3c4d5e6f708192a3b4',
    branch: 'feature/refunds',
    status: 'succeeded',
    startedAt: '2026-11-23T10:00:00.000Z',
    finishedAt: '2026-11-23T10:07:30.000Z',
    durationMs: 450_000,
    stages: [buildStage()],
    updatedAt: '2026-11-23T10:07:30.000Z',
    ...fields,
  };
}

/** A pull request with its runs, newest first. Test use only. */
export function pullRequestTimeline(
  fields: Partial<PullRequestTimeline> = {},
): PullRequestTimeline {
  return {
    entityRef: ENTITY_REF,
    number: 57,
    title: 'Refunds for partial captures',
    state: 'open',
    author: 'jane-doe',
    url: 'https://github.com/acme/payments-api/pull/57',
    headCommit: '4f2c9e1d0b7a6c5e3f1a2b3c4d5e6f708192a3b4',
    runs: [buildRun()],
    updatedAt: '2026-11-23T10:07:30.000Z',
    ...fields,
  };
}

/** `GET /hud/timeline` with nothing in it. Test use only. */
export function entityTimeline(
  fields: Partial<EntityTimeline> = {},
): EntityTimeline {
  return { entityRef: ENTITY_REF, pullRequests: [], runs: [], ...fields };
}

/** One day of metrics. Test use only. */
export function hudMetricsPoint(
  fields: Partial<HudMetricsPoint> = {},
): HudMetricsPoint {
  return {
    date: '2026-11-23',
    runs: 10,
    failed: 1,
    successRate: 0.9,
    durationP50Ms: 240_000,
    durationP95Ms: 420_000,
    policyViolations: 0,
    ...fields,
  };
}

/** `GET /hud/metrics` with no runs. Test use only. */
export function hudMetrics(fields: Partial<HudMetrics> = {}): HudMetrics {
  return {
    days: 7,
    runs: 0,
    failed: 0,
    policyViolations: 0,
    previewsInUse: 0,
    daily: [],
    ...fields,
  };
}

/** An open alert. Test use only. */
export function hudAlert(fields: Partial<HudAlert> = {}): HudAlert {
  return {
    id: 'alert-1',
    ruleId: 'success-rate',
    entityRef: ENTITY_REF,
    title: 'Success rate below 90%',
    value: 0.72,
    threshold: 0.9,
    status: 'open',
    openedAt: '2026-11-23T09:30:00.000Z',
    ...fields,
  };
}

/** Parked deliveries two components claim. Test use only. */
export function hudUnrouted(
  fields: Partial<HudUnroutedDeliveries> = {},
): HudUnroutedDeliveries {
  return {
    annotation: 'github.com/project-slug',
    value: 'acme/ledger-worker',
    problem: 'ambiguous',
    claimants: ['component:default/ledger-copy', ENTITY_REF],
    reason: `component:default/ledger-copy and ${ENTITY_REF} both claim github.com/project-slug: acme/ledger-worker; its events go to none of them until only one does`,
    deliveries: 3,
    firstReceivedAt: '2026-11-23T08:00:00.000Z',
    lastReceivedAt: '2026-11-23T09:30:00.000Z',
    ...fields,
  };
}

/**
 * A run through every stage, reported out of order and with one extra
 * stage, `smoke`: tests failed, scan found criticals, the signature did
 * not verify, policy denied, deploy made a preview, e2e still queued.
 * Test use only.
 */
export function pipelineRun(fields: Parameters<typeof buildRun>[0] = {}) {
  return buildRun({
    status: 'failed',
    imageDigest: digestOf('b'),
    previewUrl: 'https://pr-57.preview.acme.dev',
    stages: [
      buildStage({ name: 'smoke', status: 'skipped', durationMs: undefined }),
      buildStage({ name: 'e2e', status: 'queued', durationMs: undefined }),
      buildStage({
        name: 'deploy',
        status: 'succeeded',
        durationMs: 45_000,
        previewUrl: 'https://pr-57.preview.acme.dev',
      }),
      buildStage({
        name: 'policy',
        status: 'failed',
        durationMs: 3_000,
        policy: { passed: false, denied: 2, warnings: 1 },
      }),
      buildStage({
        name: 'sign',
        status: 'failed',
        durationMs: 4_000,
        signature: { verified: false, reason: 'no sigstore bundle' },
      }),
      buildStage({
        name: 'scan',
        status: 'succeeded',
        durationMs: 30_000,
        scan: {
          critical: 2,
          high: 5,
          medium: 1,
          low: 0,
          reportUrl: 'https://ci.acme.dev/scan/9001',
        },
        sbomUrl: 'https://ci.acme.dev/sbom/9001.cdx.json',
      }),
      buildStage({ name: 'build', status: 'succeeded', durationMs: 150_000 }),
      buildStage({
        name: 'test',
        status: 'failed',
        durationMs: 80_000,
        url: 'https://github.com/acme/payments-api/actions/runs/9001/job/2',
        tests: {
          passed: 48,
          failed: 2,
          skipped: 1,
          failures: [
            {
              name: 'RefundService refunds a partial capture',
              message: 'expected 50 to equal 25',
            },
            { name: 'RefundService rejects a refund above the capture' },
          ],
          reportUrl: 'https://ci.acme.dev/tests/9001',
        },
      }),
      buildStage({ name: 'lint', status: 'succeeded', durationMs: 12_000 }),
    ],
    ...fields,
  });
}
