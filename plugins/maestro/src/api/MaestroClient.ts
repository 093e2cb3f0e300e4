import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  LedgerPage,
  LedgerQuery,
  LedgerVerification,
  MaestroServiceList,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { LedgerExport, MaestroApi } from './MaestroApi';

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
    const params = new URLSearchParams();
    for (const key of ['after', 'limit', 'target', 'order'] as const) {
      const value = query[key];
      if (value !== undefined && value !== null && value !== '') {
        params.set(key, String(value));
      }
    }
    const search = params.toString();
    return this.requestJson<LedgerPage>(
      search ? `/ledger?${search}` : '/ledger',
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

  private async requestJson<T>(path: string): Promise<T> {
    const res = await this.request(path);
    return (await res.json()) as T;
  }

  private async request(path: string): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('maestro');
    const res = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return res;
  }
}

function filenameFromDisposition(header: string | null): string {
  const match = header?.match(/filename="?([^";]+)"?/i);
  return match?.[1] ?? DEFAULT_EXPORT_FILENAME;
}
