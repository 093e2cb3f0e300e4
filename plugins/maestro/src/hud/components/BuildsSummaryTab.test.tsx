import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { maestroApiRef } from '../../api';
import {
  hudAlert,
  hudMetrics,
  hudMetricsPoint,
  hudUnrouted,
  mockMaestroApi,
} from '../../testing/fixtures';
import { BuildsSummaryTab } from './BuildsSummaryTab';

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

describe('BuildsSummaryTab', () => {
  it('shows org-wide metrics and every open alert with its service', async () => {
    const api = mockMaestroApi({
      getHudMetrics: jest.fn(async ({ days }) =>
        hudMetrics({
          days,
          runs: 340,
          failed: 17,
          successRate: 0.95,
          previewsInUse: 12,
          daily: [
            hudMetricsPoint({ date: '2026-11-22', runs: 160, failed: 9 }),
            hudMetricsPoint({ date: '2026-11-23', runs: 180, failed: 8 }),
          ],
        }),
      ),
      listHudAlerts: jest.fn(async () => ({
        items: [
          hudAlert({
            id: 'a-1',
            entityRef: 'component:default/checkout',
            title: 'Median duration above 10 minutes',
            value: 754_000,
            threshold: 600_000,
            openedAt: '2026-11-22T08:00:00.000Z',
          }),
          hudAlert({ id: 'a-2', openedAt: '2026-11-23T09:30:00.000Z' }),
        ],
      })),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, api]]}>
        <BuildsSummaryTab />
      </TestApiProvider>,
      { mountedRoutes },
    );

    expect(await screen.findByText('95%')).toBeInTheDocument();
    expect(screen.getByText('All services')).toBeInTheDocument();
    expect(api.getHudMetrics).toHaveBeenCalledWith({ days: 7 });
    expect(
      screen.getByRole('img', {
        name: 'Runs and failures per day. from 2026-11-22 to 2026-11-23: 340 runs, 17 failed; busiest 2026-11-23 with 180 runs.',
      }),
    ).toBeInTheDocument();

    expect(api.listHudAlerts).toHaveBeenCalledWith({});
    const alerts = within(screen.getByRole('list', { name: 'Open alerts' }))
      .getAllByRole('listitem')
      .map(alert => within(alert));
    // Newest first.
    expect(alerts[0].getByText('Success rate below 90%')).toBeInTheDocument();
    expect(
      alerts[0].getByRole('link', { name: 'payments-api' }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-api');
    expect(
      alerts[1].getByText('Median duration above 10 minutes'),
    ).toBeInTheDocument();
    expect(
      alerts[1].getByText('value 754,000 vs threshold 600,000'),
    ).toBeInTheDocument();
    expect(
      alerts[1].getByRole('link', { name: 'checkout' }),
    ).toBeInTheDocument();
  });

  it('warns about every repository whose deliveries are parked, naming the claimants', async () => {
    const api = mockMaestroApi({
      listHudUnrouted: jest.fn(async () => ({
        items: [
          hudUnrouted(),
          hudUnrouted({
            value: 'stranger/forked-service',
            problem: 'untrusted',
            claimants: ['component:default/forked-service'],
            reason:
              'github.com/project-slug: stranger/forked-service is claimed only by component:default/forked-service, from a catalog location Maestro does not trust (url:https://github.com/stranger/catalog-info.yaml); list it in catalog.locations or maestro.hud.trustedLocations',
            deliveries: 1,
          }),
        ],
      })),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, api]]}>
        <BuildsSummaryTab />
      </TestApiProvider>,
      { mountedRoutes },
    );

    expect(
      await screen.findByText(
        'Warning: 3 deliveries for acme/ledger-worker are parked: component:ledger-copy and component:payments-api both claim it',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Warning: 1 delivery for stranger/forked-service is parked: component:forked-service claims it from a catalog location Maestro does not trust',
      ),
    ).toBeInTheDocument();
    expect(api.listHudUnrouted).toHaveBeenCalledWith({});
  });

  it('says when no alert is open', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, mockMaestroApi()]]}>
        <BuildsSummaryTab />
      </TestApiProvider>,
      { mountedRoutes },
    );

    expect(await screen.findByText('No open alerts.')).toBeInTheDocument();
  });
});
