import {
  ArtifactSummary,
  LedgerEntry,
  MaestroService,
  PolicyExemptionRecord,
  PolicyFinding,
  PolicyRuleSummary,
  SbomComponentPage,
  StoredPolicyEvaluation,
  StoredVulnerabilityFinding,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  ArtifactListQuery,
  HudMetricsQuery,
  HudTimelineQuery,
  MaestroApi,
  PolicyResultsQuery,
  PullRequestTimelineQuery,
  SbomComponentQuery,
} from '../api';
import {
  artifactDetail,
  artifactDiff,
  gateVerdict,
  vulnerabilityExemption,
} from './supplyChainFixtures';
import { entityTimeline, hudMetrics, pullRequestTimeline } from './hudFixtures';

export * from './supplyChainFixtures';
export * from './hudFixtures';

/** A ledger entry as the backend returns it. Test use only. */
export function ledgerEntry(
  sequence: number,
  fields: Partial<LedgerEntry> = {},
): LedgerEntry {
  return {
    sequence,
    recordedAt: `2026-11-23T10:0${sequence % 10}:00.000Z`,
    actor: 'user:default/jane.doe',
    action: 'release.promote',
    target: 'component:default/payments-api',
    payload: {},
    previousHash: String(sequence - 1)
      .repeat(64)
      .slice(0, 64),
    hash: `${sequence}`.padEnd(64, 'f'),
    ...fields,
  };
}

/** A service under Maestro as `GET /services` lists it. Test use only. */
export function maestroService(
  fields: Partial<MaestroService> = {},
): MaestroService {
  return {
    entityRef: 'component:default/payments-api',
    kind: 'Component',
    namespace: 'default',
    name: 'payments-api',
    lifecycle: 'production',
    owner: 'group:default/payments-team',
    system: 'system:default/payments',
    image: 'ghcr.io/acme/payments-api',
    channels: ['dev', 'staging', 'prod'],
    ledger: { entries: 3, lastRecordedAt: '2026-11-23T10:03:00.000Z' },
    ...fields,
  };
}

/** A policy rule as `GET /policy/rules` lists it. Test use only. */
export function policyRule(
  fields: Partial<PolicyRuleSummary> = {},
): PolicyRuleSummary {
  return {
    id: 'MAESTRO-K8S-014',
    kind: 'kubernetes',
    scope: 'resource',
    severity: 'deny',
    title: 'Containers must not run as root',
    rationale: 'A root container that escapes owns the node.',
    remediation: 'Set securityContext.runAsNonRoot: true on every container.',
    origin: 'builtin',
    fired: 0,
    evaluations: 0,
    ...fields,
  };
}

/** A stored exemption as `GET /policy/exemptions` lists it. Test use only. */
export function policyExemption(
  fields: Partial<PolicyExemptionRecord> = {},
): PolicyExemptionRecord {
  return {
    id: 'ex-1',
    ruleId: 'MAESTRO-K8S-014',
    entityRef: 'component:default/payments-api',
    selector: { entityRef: 'component:default/payments-api' },
    owner: 'group:default/payments-team',
    reason: 'Sidecar needs root until the vendor ships 2.0',
    ticket: 'SEC-1234',
    expiresAt: '2026-12-01T00:00:00.000Z',
    createdBy: 'user:default/jane.doe',
    createdAt: '2026-11-01T00:00:00.000Z',
    status: 'active',
    ...fields,
  };
}

/** A finding of a policy report. Test use only. */
export function policyFinding(
  fields: Partial<PolicyFinding> = {},
): PolicyFinding {
  return {
    ruleId: 'MAESTRO-DF-001',
    severity: 'deny',
    title: 'Base image pinned by digest',
    message: 'FROM node:22 is not pinned by digest',
    remediation: 'Use FROM node:22@sha256:…',
    location: { file: 'Dockerfile', line: 1 },
    ...fields,
  };
}

/** A stored evaluation as `GET /policy/results` lists it. Test use only. */
export function policyEvaluation(
  fields: Partial<StoredPolicyEvaluation> = {},
): StoredPolicyEvaluation {
  return {
    id: 'eval-1',
    entityRef: 'component:default/payments-api',
    source: 'ci',
    evaluatedAt: '2026-11-23T10:00:00.000Z',
    evaluatedBy: 'service:ci',
    report: {
      passed: true,
      findings: [],
      summary: {
        deny: 0,
        warn: 0,
        exempted: 0,
        expiredExemptions: 0,
        resources: 3,
        rules: 20,
      },
      profile: 'default',
      evaluatedAt: '2026-11-23T10:00:00.000Z',
    },
    ...fields,
  };
}

/** A `MaestroApi` whose methods are jest mocks with empty answers. */
export function mockMaestroApi(
  overrides: Partial<jest.Mocked<MaestroApi>> = {},
): jest.Mocked<MaestroApi> {
  return {
    listServices: jest.fn(async () => ({ items: [] })),
    getLedger: jest.fn(async () => ({ entries: [], headSequence: 0 })),
    verifyLedger: jest.fn(async () => ({
      ok: true,
      checked: 0,
      headSequence: 0,
      headHash: '0'.repeat(64),
    })),
    getLedgerExportUrl: jest.fn(
      async () => 'http://localhost:7007/api/maestro/ledger/export',
    ),
    exportLedger: jest.fn(async () => ({
      filename: 'maestro-ledger.ndjson',
      data: new Blob(['']),
    })),
    listPolicyRules: jest.fn(async () => ({ items: [] })),
    listPolicyExemptions: jest.fn(async () => ({ items: [] })),
    createPolicyExemption: jest.fn(async request => ({
      ...policyExemption(request),
      selector: { ...request.selector, entityRef: request.entityRef },
    })),
    revokePolicyExemption: jest.fn(async (_id: string) => {}),
    listPolicyResults: jest.fn(async (_query: PolicyResultsQuery) => ({
      items: [] as StoredPolicyEvaluation[],
    })),
    listArtifacts: jest.fn(async (_query: ArtifactListQuery) => ({
      items: [] as ArtifactSummary[],
      totalCount: 0,
    })),
    getArtifact: jest.fn(async (artifactId: string) =>
      artifactDetail({ id: artifactId }),
    ),
    listArtifactComponents: jest.fn(
      async (
        _artifactId: string,
        _query?: SbomComponentQuery,
      ): Promise<SbomComponentPage> => ({
        items: [],
        totalCount: 0,
        facets: { licenses: [], types: [] },
      }),
    ),
    listArtifactVulnerabilities: jest.fn(async (_artifactId: string) => ({
      items: [] as StoredVulnerabilityFinding[],
    })),
    getGateVerdict: jest.fn(async (artifactId: string, channel: string) =>
      gateVerdict({ artifactId, channel }),
    ),
    downloadEvidenceDocument: jest.fn(async (documentId: string) => ({
      filename: `maestro-evidence-${documentId}.json`,
      data: new Blob(['{}']),
    })),
    diffArtifacts: jest.fn(async (from: string, to: string) => {
      const diff = artifactDiff();
      return {
        ...diff,
        from: { ...diff.from, id: from },
        to: { ...diff.to, id: to },
      };
    }),
    listVulnerabilityExemptions: jest.fn(async () => ({ items: [] })),
    createVulnerabilityExemption: jest.fn(async request =>
      vulnerabilityExemption(request),
    ),
    revokeVulnerabilityExemption: jest.fn(async (_id: string) => {}),
    getSupplyChainSummary: jest.fn(async () => ({ items: [] })),
    getHudTimeline: jest.fn(async ({ entityRef }: HudTimelineQuery) =>
      entityTimeline({ entityRef }),
    ),
    getPullRequestTimeline: jest.fn(
      async ({ entityRef, number }: PullRequestTimelineQuery) =>
        pullRequestTimeline({ entityRef, number, runs: [] }),
    ),
    getHudMetrics: jest.fn(async ({ entityRef, days }: HudMetricsQuery) =>
      hudMetrics({ entityRef, days }),
    ),
    listHudAlerts: jest.fn(async () => ({ items: [] })),
    listHudUnrouted: jest.fn(async () => ({ items: [] })),
    ...overrides,
  };
}
