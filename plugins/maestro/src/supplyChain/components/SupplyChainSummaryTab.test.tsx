import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { maestroApiRef } from '../../api';
import {
  mockMaestroApi,
  severityCounts,
  supplyChainSummaryItem,
} from '../../testing/fixtures';
import { SupplyChainSummaryTab } from './SupplyChainSummaryTab';

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

function summaryApi() {
  return mockMaestroApi({
    getSupplyChainSummary: jest.fn(async () => ({
      items: [
        supplyChainSummaryItem({
          entityRef: 'component:default/checkout',
          counts: severityCounts({ critical: 0, high: 7 }),
          trend: [
            { date: '2026-11-22', critical: 0, high: 9 },
            { date: '2026-11-23', critical: 0, high: 7 },
          ],
        }),
        supplyChainSummaryItem({
          entityRef: 'component:default/payments-api',
          counts: severityCounts({ critical: 4, high: 2 }),
          trend: [
            { date: '2026-11-21', critical: 1, high: 4 },
            { date: '2026-11-22', critical: 2, high: 3 },
            { date: '2026-11-23', critical: 4, high: 2 },
          ],
        }),
        supplyChainSummaryItem({
          entityRef: 'component:default/ledger',
          counts: severityCounts({ critical: 1, high: 0 }),
          latestArtifactId: undefined,
          latestDigest: undefined,
          trend: [],
        }),
      ],
    })),
  });
}

function serviceOrder() {
  return screen
    .getAllByRole('row')
    .map(row => within(row).queryByRole('link')?.textContent)
    .filter(Boolean);
}

describe('SupplyChainSummaryTab', () => {
  it('shows critical and high per service, most critical first, with a trend line', async () => {
    const api = summaryApi();
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, api]]}>
        <SupplyChainSummaryTab />
      </TestApiProvider>,
      { mountedRoutes },
    );

    const payments = await screen.findByRole('row', { name: /payments-api/ });
    expect(
      within(payments).getByRole('link', { name: 'payments-api' }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-api');
    const cells = within(payments).getAllByRole('cell');
    expect(cells[1]).toHaveTextContent('4');
    expect(cells[2]).toHaveTextContent('2');
    const sparkline = within(payments).getByRole('img', {
      name: 'Critical 1 to 4, high 4 to 2, from 2026-11-21 to 2026-11-23',
    });
    expect(sparkline.querySelectorAll('polyline')).toHaveLength(2);
    expect(
      sparkline
        .querySelector('polyline[data-series="critical"]')!
        .getAttribute('points')!
        .split(' '),
    ).toHaveLength(3);

    const ledger = screen.getByRole('row', { name: /ledger/ });
    expect(within(ledger).getByText('none yet')).toBeInTheDocument();
    expect(
      within(ledger).getByRole('img', { name: 'No trend data' }),
    ).toBeInTheDocument();

    expect(serviceOrder()).toEqual(['payments-api', 'ledger', 'checkout']);
    expect(api.getSupplyChainSummary).toHaveBeenCalledWith({ days: 30 });
  });

  it('sorts by critical findings the other way round on request', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, summaryApi()]]}>
        <SupplyChainSummaryTab />
      </TestApiProvider>,
      { mountedRoutes },
    );
    await screen.findByRole('row', { name: /payments-api/ });

    // The sort label, and inside it material-table's column drag handle.
    const [sortLabel] = screen.getAllByRole('button', { name: 'Critical' });
    await userEvent.click(sortLabel);

    expect(serviceOrder()).toEqual(['checkout', 'ledger', 'payments-api']);
  });

  it('explains where the numbers come from before there are any', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, mockMaestroApi()]]}>
        <SupplyChainSummaryTab />
      </TestApiProvider>,
      { mountedRoutes },
    );

    expect(
      await screen.findByText('No supply-chain evidence yet'),
    ).toBeInTheDocument();
  });
});
