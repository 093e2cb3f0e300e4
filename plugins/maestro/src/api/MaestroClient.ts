import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  LedgerPage,
  LedgerQuery,
  LedgerVerification,
  MaestroServiceList,
  PolicyExemptionRecord,
  PolicyRuleSummary,
  StoredPolicyEvaluation,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  LedgerExport,
  MaestroApi,
  PolicyExemptionQuery,
  PolicyExemptionRequest,
  PolicyResultsQuery,
} from './MaestroApi';

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

  /** {@inheritDoc MaestroApi.listServices} */
  async listServices(): Promise<MaestroServiceList> {
    return this.requestJson<MaestroServiceList>('/services');
  }

  /** {@inheritDoc MaestroApi.getLedger} */
  async getLedger(query: LedgerQuery = {}): Promise<LedgerPage> {
    return this.requestJson<LedgerPage>(
      withQuery('/ledger', query, ['after', 'limit', 'target', 'order']),
    );
  }

  /** {@inheritDoc MaestroApi.verifyLedger} */
  async verifyLedger(): Promise<LedgerVerification> {
    return this.requestJson<LedgerVerification>('/ledger/verify');
  }

  /** {@inheritDoc MaestroApi.getLedgerExportUrl} */
  async getLedgerExportUrl(): Promise<string> {
    return `${await this.discoveryApi.getBaseUrl('maestro')}/ledger/export`;
  }

  /** {@inheritDoc MaestroApi.exportLedger} */
  async exportLedger(): Promise<LedgerExport> {
    const res = await this.request('/ledger/export');
    return {
      filename: filenameFromDisposition(res.headers.get('content-disposition')),
      data: await res.blob(),
    };
  }

  /** {@inheritDoc MaestroApi.listPolicyRules} */
  async listPolicyRules(): Promise<{ items: PolicyRuleSummary[] }> {
    return this.requestJson('/policy/rules');
  }

  /** {@inheritDoc MaestroApi.listPolicyExemptions} */
  async listPolicyExemptions(
    query: PolicyExemptionQuery = {},
  ): Promise<{ items: PolicyExemptionRecord[] }> {
    return this.requestJson(
      withQuery('/policy/exemptions', query, ['entityRef', 'status']),
    );
  }

  /** {@inheritDoc MaestroApi.createPolicyExemption} */
  async createPolicyExemption(
    request: PolicyExemptionRequest,
  ): Promise<PolicyExemptionRecord> {
    return this.requestJson('/policy/exemptions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  /** {@inheritDoc MaestroApi.revokePolicyExemption} */
  async revokePolicyExemption(id: string): Promise<void> {
    await this.request(`/policy/exemptions/${encodeURIComponent(id)}`, {
      method: 'DELETE',
    });
  }

  /** {@inheritDoc MaestroApi.listPolicyResults} */
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

function filenameFromDisposition(header: string | null): string {
  const match = header?.match(/filename="?([^";]+)"?/i);
  return match?.[1] ?? DEFAULT_EXPORT_FILENAME;
}
