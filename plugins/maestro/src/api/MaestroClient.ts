import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ArtifactDetail,
  ArtifactDiff,
  ArtifactSummary,
  EntityTimeline,
  GateVerdict,
  HudAlert,
  HudMetrics,
  HudUnroutedDeliveries,
  LedgerPage,
  LedgerQuery,
  LedgerVerification,
  MaestroServiceList,
  PolicyExemptionRecord,
  PolicyRuleSummary,
  PullRequestTimeline,
  SbomComponentPage,
  StoredPolicyEvaluation,
  StoredVulnerabilityFinding,
  SupplyChainSummary,
  VulnerabilityExemptionRecord,
  VulnerabilityExemptionRequest,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  MaestroCreateOptions,
  LedgerExport,
  MaestroApi,
  PolicyExemptionQuery,
  PolicyExemptionRequest,
  PolicyResultsQuery,
} from './MaestroApi';
import {
  ArtifactListQuery,
  EvidenceDocumentDownload,
  SbomComponentQuery,
  SupplyChainSummaryQuery,
  VulnerabilityExemptionQuery,
} from '../supplyChain/api/supplyChainQueries';
import { randomUuid } from '../shared/api/randomUuid';
import {
  HudAlertQuery,
  HudMetricsQuery,
  HudTimelineQuery,
  HudUnroutedQuery,
  PullRequestTimelineQuery,
} from '../hud/api/hudQueries';

const DEFAULT_EXPORT_FILENAME = 'maestro-ledger.ndjson';

/**
 * Talks to the `maestro` backend plugin through the app's `fetchApi`, so
 * requests carry the signed-in user's Backstage token.
 *
 * @public
 */
export class MaestroClient implements MaestroApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  /** {@inheritDoc ServicesApi.listServices} */
  async listServices(): Promise<MaestroServiceList> {
    return this.requestJson<MaestroServiceList>('/services');
  }

  /** {@inheritDoc LedgerApi.getLedger} */
  async getLedger(query: LedgerQuery = {}): Promise<LedgerPage> {
    return this.requestJson<LedgerPage>(
      withQuery('/ledger', query, ['after', 'limit', 'target', 'order']),
    );
  }

  /** {@inheritDoc LedgerApi.verifyLedger} */
  async verifyLedger(): Promise<LedgerVerification> {
    return this.requestJson<LedgerVerification>('/ledger/verify');
  }

  /** {@inheritDoc LedgerApi.getLedgerExportUrl} */
  async getLedgerExportUrl(): Promise<string> {
    return `${await this.discoveryApi.getBaseUrl('maestro')}/ledger/export`;
  }

  /** {@inheritDoc LedgerApi.exportLedger} */
  async exportLedger(): Promise<LedgerExport> {
    const res = await this.request('/ledger/export');
    return {
      filename: filenameFromDisposition(
        res.headers.get('content-disposition'),
        DEFAULT_EXPORT_FILENAME,
      ),
      data: await res.blob(),
    };
  }

  /** {@inheritDoc PolicyApi.listPolicyRules} */
  async listPolicyRules(): Promise<{ items: PolicyRuleSummary[] }> {
    return this.requestJson('/policy/rules');
  }

  /** {@inheritDoc PolicyApi.listPolicyExemptions} */
  async listPolicyExemptions(
    query: PolicyExemptionQuery = {},
  ): Promise<{ items: PolicyExemptionRecord[] }> {
    return this.requestJson(
      withQuery('/policy/exemptions', query, ['entityRef', 'status']),
    );
  }

  /** {@inheritDoc PolicyApi.createPolicyExemption} */
  async createPolicyExemption(
    request: PolicyExemptionRequest,
    options: MaestroCreateOptions = {},
  ): Promise<PolicyExemptionRecord> {
    return this.requestJson('/policy/exemptions', createInit(request, options));
  }

  /** {@inheritDoc PolicyApi.revokePolicyExemption} */
  async revokePolicyExemption(id: string): Promise<void> {
    await this.request(`/policy/exemptions/${encodeURIComponent(id)}`, {
      method: 'DELETE',
    });
  }

  /** {@inheritDoc PolicyApi.listPolicyResults} */
  async listPolicyResults(
    query: PolicyResultsQuery,
  ): Promise<{ items: StoredPolicyEvaluation[] }> {
    return this.requestJson(
      withQuery('/policy/results', query, [
        'entityRef',
        'imageDigest',
        'limit',
      ]),
    );
  }

  /** {@inheritDoc SupplyChainApi.listArtifacts} */
  async listArtifacts(
    query: ArtifactListQuery,
  ): Promise<{ items: ArtifactSummary[]; totalCount: number }> {
    return this.requestJson(
      withQuery('/supply-chain/artifacts', query, [
        'entityRef',
        'limit',
        'offset',
      ]),
    );
  }

  /** {@inheritDoc SupplyChainApi.getArtifact} */
  async getArtifact(artifactId: string): Promise<ArtifactDetail> {
    return this.requestJson(artifactPath(artifactId));
  }

  /** {@inheritDoc SupplyChainApi.listArtifactComponents} */
  async listArtifactComponents(
    artifactId: string,
    query: SbomComponentQuery = {},
  ): Promise<SbomComponentPage> {
    return this.requestJson(
      withQuery(`${artifactPath(artifactId)}/components`, query, [
        'search',
        'license',
        'type',
        'relationship',
        'offset',
        'limit',
      ]),
    );
  }

  /** {@inheritDoc SupplyChainApi.listArtifactVulnerabilities} */
  async listArtifactVulnerabilities(
    artifactId: string,
  ): Promise<{ items: StoredVulnerabilityFinding[] }> {
    return this.requestJson(`${artifactPath(artifactId)}/vulnerabilities`);
  }

  /** {@inheritDoc SupplyChainApi.getGateVerdict} */
  async getGateVerdict(
    artifactId: string,
    channel: string,
  ): Promise<GateVerdict> {
    return this.requestJson(
      withQuery(`${artifactPath(artifactId)}/gate`, { channel }, ['channel']),
    );
  }

  /** {@inheritDoc SupplyChainApi.downloadEvidenceDocument} */
  async downloadEvidenceDocument(
    documentId: string,
  ): Promise<EvidenceDocumentDownload> {
    const res = await this.request(
      `/supply-chain/documents/${encodeURIComponent(documentId)}/raw`,
    );
    return {
      filename: filenameFromDisposition(
        res.headers.get('content-disposition'),
        `maestro-evidence-${documentId}.json`,
      ),
      data: await res.blob(),
    };
  }

  /** {@inheritDoc SupplyChainApi.diffArtifacts} */
  async diffArtifacts(
    fromArtifactId: string,
    toArtifactId: string,
  ): Promise<ArtifactDiff> {
    return this.requestJson(
      withQuery(
        '/supply-chain/diff',
        { from: fromArtifactId, to: toArtifactId },
        ['from', 'to'],
      ),
    );
  }

  /** {@inheritDoc SupplyChainApi.listVulnerabilityExemptions} */
  async listVulnerabilityExemptions(
    query: VulnerabilityExemptionQuery = {},
  ): Promise<{ items: VulnerabilityExemptionRecord[] }> {
    return this.requestJson(
      withQuery('/supply-chain/exemptions', query, ['entityRef', 'status']),
    );
  }

  /** {@inheritDoc SupplyChainApi.createVulnerabilityExemption} */
  async createVulnerabilityExemption(
    request: VulnerabilityExemptionRequest,
    options: MaestroCreateOptions = {},
  ): Promise<VulnerabilityExemptionRecord> {
    return this.requestJson(
      '/supply-chain/exemptions',
      createInit(request, options),
    );
  }

  /** {@inheritDoc SupplyChainApi.revokeVulnerabilityExemption} */
  async revokeVulnerabilityExemption(id: string): Promise<void> {
    await this.request(`/supply-chain/exemptions/${encodeURIComponent(id)}`, {
      method: 'DELETE',
    });
  }

  /** {@inheritDoc SupplyChainApi.getSupplyChainSummary} */
  async getSupplyChainSummary(
    query: SupplyChainSummaryQuery = {},
  ): Promise<SupplyChainSummary> {
    return this.requestJson(
      withQuery('/supply-chain/summary', query, ['days']),
    );
  }

  /** {@inheritDoc HudApi.getHudTimeline} */
  async getHudTimeline(query: HudTimelineQuery): Promise<EntityTimeline> {
    return this.requestJson(
      withQuery('/hud/timeline', query, ['entityRef', 'limit']),
    );
  }

  /** {@inheritDoc HudApi.getPullRequestTimeline} */
  async getPullRequestTimeline(
    query: PullRequestTimelineQuery,
  ): Promise<PullRequestTimeline> {
    return this.requestJson(
      withQuery(
        `/hud/pull-requests/${encodeURIComponent(String(query.number))}`,
        query,
        ['entityRef'],
      ),
    );
  }

  /** {@inheritDoc HudApi.getHudMetrics} */
  async getHudMetrics(query: HudMetricsQuery): Promise<HudMetrics> {
    return this.requestJson(
      withQuery('/hud/metrics', query, ['entityRef', 'days']),
    );
  }

  /** {@inheritDoc HudApi.listHudAlerts} */
  async listHudAlerts(
    query: HudAlertQuery = {},
  ): Promise<{ items: HudAlert[] }> {
    return this.requestJson(withQuery('/hud/alerts', query, ['entityRef']));
  }

  /** {@inheritDoc HudApi.listHudUnrouted} */
  async listHudUnrouted(
    query: HudUnroutedQuery = {},
  ): Promise<{ items: HudUnroutedDeliveries[] }> {
    return this.requestJson(withQuery('/hud/unrouted', query, ['entityRef']));
  }

  private async requestJson<T>(path: string, init?: RequestInit): Promise<T> {
    const res = await this.request(path, init);
    return (await res.json()) as T;
  }

  private async request(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('maestro');
    const url = `${baseUrl}${path}`;
    // Plain GETs keep the one-argument call existing callers rely on.
    const res = await (init
      ? this.fetchApi.fetch(url, init)
      : this.fetchApi.fetch(url));
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return res;
  }
}

/**
 * A JSON POST that carries an `Idempotency-Key`: the caller's, or a fresh
 * random UUID, so even a create without one is safe to retry as sent.
 */
function createInit(body: unknown, options: MaestroCreateOptions): RequestInit {
  return {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Idempotency-Key': options.idempotencyKey ?? randomUuid(),
    },
    body: JSON.stringify(body),
  };
}

/** Appends the given query fields that are set as URL parameters. */
function withQuery<Q extends object>(
  path: string,
  query: Q,
  keys: ReadonlyArray<keyof Q & string>,
): string {
  const params = new URLSearchParams();
  for (const key of keys) {
    const value = query[key];
    if (value !== undefined && value !== null && value !== '') {
      params.set(key, String(value));
    }
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

function artifactPath(artifactId: string): string {
  return `/supply-chain/artifacts/${encodeURIComponent(artifactId)}`;
}

function filenameFromDisposition(
  header: string | null,
  fallback: string,
): string {
  const match = header?.match(/filename="?([^";]+)"?/i);
  return match?.[1] ?? fallback;
}
