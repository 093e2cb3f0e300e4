import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { maestroApiRef } from '../../../api';
import {
  hudAlert,
  hudMetrics,
  ledgerEntry,
  maestroService,
  mockMaestroApi,
  policyRule,
  severityCounts,
  supplyChainSummaryItem,
} from '../../../testing/fixtures';
import { MaestroPage } from './MaestroPage';

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

function populatedApi() {
  return mockMaestroApi({
    listServices: jest.fn(async () => ({ items: [maestroService()] })),
    getLedger: jest.fn(async () => ({
      entries: [
        ledgerEntry(12, { action: 'exemption.create' }),
        ledgerEntry(11),
      ],
      headSequence: 12,
    })),
    verifyLedger: jest.fn(async () => ({
      ok: true,
      checked: 12,
      headSequence: 12,
      headHash: 'c'.repeat(64),
    })),
  });
}

describe('MaestroPage', () => {
  it('shows the services, the ledger integrity and the newest ledger entries', async () => {
    const api = populatedApi();
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, api]]}>
        <MaestroPage />
      </TestApiProvider>,
      { mountedRoutes },
    );

    expect(
      screen.getByRole('heading', { level: 1, name: 'Maestro' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The path of every service from commit to production'),
    ).toBeInTheDocument();

    const service = await screen.findByRole('row', {
      name: /ghcr\.io\/acme\/payments-api/,
    });
    expect(
      within(service).getByRole('link', { name: /payments-team/ }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('Chain intact: 12 entries verified'),
    ).toBeInTheDocument();

    const newest = await screen.findByRole('row', { name: /#12/ });
    expect(within(newest).getByText('exemption.create')).toBeInTheDocument();
    expect(api.getLedger).toHaveBeenCalledWith(
      expect.objectContaining({ order: 'desc' }),
    );
    expect(screen.getByRole('button', { name: /Export/ })).toBeInTheDocument();
  });

  it('leaves the page header to the app when asked to', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, populatedApi()]]}>
        <MaestroPage withHeader={false} />
      </TestApiProvider>,
      { mountedRoutes },
    );

    expect(
      await screen.findByText('Chain intact: 12 entries verified'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { level: 1, name: 'Maestro' }),
    ).not.toBeInTheDocument();
  });

  it('shows the policy rules on the Policies tab', async () => {
    const api = populatedApi();
    api.listPolicyRules.mockResolvedValue({
      items: [policyRule({ fired: 2, evaluations: 1 })],
    });
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, api]]}>
        <MaestroPage />
      </TestApiProvider>,
      { mountedRoutes, routeEntries: ['/policies'] },
    );

    expect(screen.getByRole('tab', { name: 'Policies' })).toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: 'Services & ledger' }),
    ).toBeInTheDocument();
    const rule = await screen.findByRole('row', { name: /MAESTRO-K8S-014/ });
    expect(
      within(rule).getByText('2 findings in 1 evaluation'),
    ).toBeInTheDocument();
    expect(api.listServices).not.toHaveBeenCalled();
  });

  it('summarises critical and high vulnerabilities per service on the Supply chain tab', async () => {
    const api = populatedApi();
    api.getSupplyChainSummary.mockResolvedValue({
      items: [
        supplyChainSummaryItem({
          counts: severityCounts({ critical: 3, high: 5 }),
        }),
      ],
    });
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, api]]}>
        <MaestroPage />
      </TestApiProvider>,
      { mountedRoutes, routeEntries: ['/supply-chain'] },
    );

    expect(
      screen.getByRole('tab', { name: 'Supply chain' }),
    ).toBeInTheDocument();
    const service = await screen.findByRole('row', { name: /payments-api/ });
    expect(
      within(service).getByRole('link', { name: 'payments-api' }),
    ).toBeInTheDocument();
    expect(within(service).getAllByRole('cell')[1]).toHaveTextContent('3');
    expect(within(service).getByRole('img')).toBeInTheDocument();
    expect(api.listServices).not.toHaveBeenCalled();
  });

  it('shows org-wide build metrics and open alerts on the Builds tab', async () => {
    const api = populatedApi();
    api.getHudMetrics.mockResolvedValue(
      hudMetrics({ runs: 340, failed: 17, successRate: 0.95 }),
    );
    api.listHudAlerts.mockResolvedValue({ items: [hudAlert()] });
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, api]]}>
        <MaestroPage />
      </TestApiProvider>,
      { mountedRoutes, routeEntries: ['/builds'] },
    );

    expect(screen.getByRole('tab', { name: 'Builds' })).toBeInTheDocument();
    expect(await screen.findByText('95%')).toBeInTheDocument();
    expect(
      await screen.findByRole('listitem', { name: 'Success rate below 90%' }),
    ).toBeInTheDocument();
    expect(api.getHudMetrics).toHaveBeenCalledWith({ days: 7 });
    expect(api.listServices).not.toHaveBeenCalled();
  });
});
