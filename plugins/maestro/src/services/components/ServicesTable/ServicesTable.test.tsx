import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { maestroApiRef } from '../../../api';
import { maestroService, mockMaestroApi } from '../../../testing/fixtures';
import { ServicesTable } from './ServicesTable';

const mountedRoutes = {
  '/catalog/:namespace/:kind/:name': entityRouteRef,
};

async function renderTable(api = mockMaestroApi()) {
  await renderInTestApp(
    <TestApiProvider apis={[[maestroApiRef, api]]}>
      <ServicesTable />
    </TestApiProvider>,
    { mountedRoutes },
  );
}

describe('ServicesTable', () => {
  it('lists each service with links to its entity page, owner and system', async () => {
    await renderTable(
      mockMaestroApi({
        listServices: jest.fn(async () => ({
          items: [
            maestroService(),
            maestroService({
              entityRef: 'component:default/ledger-worker',
              name: 'ledger-worker',
              owner: 'group:default/platform',
              system: undefined,
              image: 'ghcr.io/acme/ledger-worker',
              channels: ['dev', 'prod'],
              ledger: { entries: 1 },
            }),
          ],
        })),
      }),
    );

    const service = await screen.findByRole('link', { name: /payments-api/ });
    expect(service).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api',
    );
    expect(screen.getByRole('link', { name: /payments-team/ })).toHaveAttribute(
      'href',
      '/catalog/default/group/payments-team',
    );
    expect(screen.getByRole('link', { name: /^payments$/ })).toHaveAttribute(
      'href',
      '/catalog/default/system/payments',
    );
    expect(screen.getByRole('link', { name: /platform/ })).toHaveAttribute(
      'href',
      '/catalog/default/group/platform',
    );

    const row = screen.getByRole('row', { name: /payments-api/ });
    expect(
      within(row).getByText('ghcr.io/acme/payments-api'),
    ).toBeInTheDocument();
    expect(within(row).getByText('production')).toBeInTheDocument();
    expect(within(row).getByText('staging')).toBeInTheDocument();
    expect(within(row).getByText('3 entries')).toBeInTheDocument();
    expect(screen.getByText('1 entry')).toBeInTheDocument();
  });

  it('explains the maestro.io/image annotation when no service carries it', async () => {
    await renderTable();

    expect(
      await screen.findByText('No services under Maestro yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Add the maestro\.io\/image annotation/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the error when the backend cannot list services', async () => {
    await renderTable(
      mockMaestroApi({
        listServices: jest.fn(async () => {
          throw new Error('Maestro backend unavailable');
        }),
      }),
    );

    expect(
      await screen.findByText('Error: Maestro backend unavailable'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
