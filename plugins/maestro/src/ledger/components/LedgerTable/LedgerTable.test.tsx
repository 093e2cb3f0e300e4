import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { ledgerEntry } from '../../../testing/fixtures';
import { LedgerTable } from './LedgerTable';

const mountedRoutes = {
  '/catalog/:namespace/:kind/:name': entityRouteRef,
};

describe('LedgerTable', () => {
  it('shows sequence, actor, action, target and short hash of each entry', async () => {
    await renderInTestApp(
      <LedgerTable
        title="Ledger"
        loading={false}
        entries={[
          ledgerEntry(2, {
            actor: 'service:external:tekton',
            action: 'evidence.ingest',
            target: 'maestro:policy/default',
            hash: `2222aaaa3333${'b'.repeat(52)}`,
          }),
          ledgerEntry(1),
        ]}
      />,
      { mountedRoutes },
    );

    const newest = screen.getByRole('row', { name: /#2/ });
    expect(
      within(newest).getByText('service:external:tekton'),
    ).toBeInTheDocument();
    expect(within(newest).getByText('evidence.ingest')).toBeInTheDocument();
    expect(
      within(newest).getByText('maestro:policy/default'),
    ).toBeInTheDocument();
    expect(within(newest).getByText('2222aaaa3333')).toBeInTheDocument();

    const oldest = screen.getByRole('row', { name: /#1/ });
    expect(
      within(oldest).getByRole('link', { name: /jane\.doe/ }),
    ).toHaveAttribute('href', '/catalog/default/user/jane.doe');
    expect(
      within(oldest).getByRole('link', { name: /payments-api/ }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-api');
  });

  it('says so when there are no entries', async () => {
    await renderInTestApp(
      <LedgerTable
        title="Ledger"
        loading={false}
        entries={[]}
        emptyMessage="Nothing recorded for this entity."
      />,
    );

    expect(
      screen.getByText('Nothing recorded for this entity.'),
    ).toBeInTheDocument();
  });
});
