import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HudMetricsQuery, maestroApiRef } from '../../api';
import {
  hudMetrics,
  hudMetricsPoint,
  mockMaestroApi,
} from '../../testing/fixtures';
import { HudMetricsPanel } from './HudMetricsPanel';

const entityRef = 'component:default/payments-api';

/** Three days: a good one, one without finished runs, a bad one. */
function threeDays(query: HudMetricsQuery) {
  return hudMetrics({
    ...query,
    runs: 21,
    failed: 5,
    successRate: 0.76,
    durationP50Ms: 250_000,
    durationP95Ms: 420_000,
    policyViolations: 4,
    previewsInUse: 3,
    daily: [
      hudMetricsPoint({
        date: '2026-11-21',
        runs: 12,
        failed: 1,
        successRate: 0.9,
        durationP50Ms: 240_000,
        durationP95Ms: 400_000,
        policyViolations: 1,
      }),
      hudMetricsPoint({
        date: '2026-11-22',
        runs: 0,
        failed: 0,
        successRate: undefined,
        durationP50Ms: undefined,
        durationP95Ms: undefined,
        policyViolations: 0,
      }),
      hudMetricsPoint({
        date: '2026-11-23',
        runs: 9,
        failed: 4,
        successRate: 0.5,
        durationP50Ms: 300_000,
        durationP95Ms: 480_000,
        policyViolations: 3,
      }),
    ],
  });
}

async function renderPanel(api = mockMaestroApi()) {
  await renderInTestApp(
    <TestApiProvider apis={[[maestroApiRef, api]]}>
      <HudMetricsPanel entityRef={entityRef} />
    </TestApiProvider>,
  );
  return api;
}

/** The value shown under a statistic's label. */
function stat(label: string) {
  const term = screen
    .getAllByRole('term')
    .find(element => element.textContent === label);
  expect(term).toBeDefined();
  const definition = term!.nextElementSibling;
  expect(definition?.tagName).toBe('DD');
  return definition?.textContent;
}

describe('HudMetricsPanel', () => {
  it('shows success rate, runs, durations, policy violations and previews in use', async () => {
    await renderPanel(
      mockMaestroApi({ getHudMetrics: jest.fn(async q => threeDays(q)) }),
    );

    expect(await screen.findByText('76%')).toBeInTheDocument();
    expect(stat('Success rate')).toBe('76%');
    expect(stat('Runs')).toBe('21 (5 failed)');
    expect(stat('Duration p50')).toBe('4m 10s');
    expect(stat('Duration p95')).toBe('7m');
    expect(stat('Policy violations')).toBe('4');
    expect(stat('Previews in use')).toBe('3');
  });

  it('asks for 7 days first and for 30 or 90 days from the toggle', async () => {
    const api = await renderPanel(
      mockMaestroApi({ getHudMetrics: jest.fn(async q => threeDays(q)) }),
    );
    await screen.findByText('76%');
    expect(api.getHudMetrics).toHaveBeenLastCalledWith({ entityRef, days: 7 });
    expect(screen.getByRole('button', { name: '7 days' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    await userEvent.click(screen.getByRole('button', { name: '30 days' }));
    await waitFor(() =>
      expect(api.getHudMetrics).toHaveBeenLastCalledWith({
        entityRef,
        days: 30,
      }),
    );
    expect(screen.getByRole('button', { name: '30 days' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    await userEvent.click(screen.getByRole('button', { name: '90 days' }));
    await waitFor(() =>
      expect(api.getHudMetrics).toHaveBeenLastCalledWith({
        entityRef,
        days: 90,
      }),
    );

    // Pressing the active window again keeps it.
    const calls = api.getHudMetrics.mock.calls.length;
    await userEvent.click(screen.getByRole('button', { name: '90 days' }));
    expect(screen.getByRole('button', { name: '90 days' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(api.getHudMetrics).toHaveBeenCalledTimes(calls);
  });

  it('draws the success rate as a line broken where a day has no finished runs, with a summary', async () => {
    await renderPanel(
      mockMaestroApi({ getHudMetrics: jest.fn(async q => threeDays(q)) }),
    );

    const chart = await screen.findByRole('img', {
      name: 'Success rate per day. from 2026-11-21 to 2026-11-23: 90% on 2026-11-21, 50% on 2026-11-23; lowest 50% on 2026-11-23.',
    });
    expect(chart.querySelector('title')).toHaveTextContent(
      'Success rate per day',
    );
    // Two lone days either side of the gap: two dots, no line.
    expect(
      chart.querySelectorAll('[data-series="successRate"] circle'),
    ).toHaveLength(2);
    // No segment joins them: each day is a move, none a line to.
    expect(
      chart.querySelector('.recharts-line-curve')!.getAttribute('d'),
    ).not.toMatch(/L/);
    const labels = within(chart as unknown as HTMLElement)
      .getAllByText(/.+/, { selector: 'text, tspan' })
      .map(text => text.textContent);
    expect(labels).toEqual(
      expect.arrayContaining([
        '0%',
        '50%',
        '100%',
        'Nov 21',
        'Nov 22',
        'Nov 23',
        'Day',
        'Succeeded',
      ]),
    );
  });

  it('draws median and 95th-percentile durations in minutes', async () => {
    await renderPanel(
      mockMaestroApi({ getHudMetrics: jest.fn(async q => threeDays(q)) }),
    );

    const chart = await screen.findByRole('img', {
      name: 'Duration per day. from 2026-11-21 to 2026-11-23: median 4m to 5m, 95th percentile 6m 40s to 8m.',
    });
    expect(chart.querySelectorAll('[data-series="p50"] circle')).toHaveLength(
      2,
    );
    expect(chart.querySelectorAll('[data-series="p95"] circle')).toHaveLength(
      2,
    );
    expect(screen.getByText('95th percentile (p95)')).toBeInTheDocument();
    expect(
      within(chart as unknown as HTMLElement).getByText('10 min'),
    ).toBeInTheDocument();
  });

  it('draws runs and failures, and policy violations, as bars per day', async () => {
    await renderPanel(
      mockMaestroApi({ getHudMetrics: jest.fn(async q => threeDays(q)) }),
    );

    const runs = await screen.findByRole('img', {
      name: 'Runs and failures per day. from 2026-11-21 to 2026-11-23: 21 runs, 5 failed; busiest 2026-11-21 with 12 runs.',
    });
    const runBars = runs.querySelectorAll('[data-series="runs"] rect');
    expect([...runBars].map(bar => bar.getAttribute('data-date'))).toEqual([
      '2026-11-21',
      '2026-11-23',
    ]);
    expect(runBars[0].querySelector('title')).toHaveTextContent(
      '2026-11-21: 12 runs',
    );
    // 12 of a 20-high axis is taller than 9.
    expect(Number(runBars[0].getAttribute('height'))).toBeGreaterThan(
      Number(runBars[1].getAttribute('height')),
    );
    expect(runs.querySelectorAll('[data-series="failed"] rect')).toHaveLength(
      2,
    );

    const policy = screen.getByRole('img', {
      name: 'Policy violations per day. from 2026-11-21 to 2026-11-23: 4 in total, most on 2026-11-23 (3).',
    });
    expect(
      policy.querySelectorAll('[data-series="policyViolations"] rect'),
    ).toHaveLength(2);
  });

  it('says there is nothing to draw before the first run', async () => {
    await renderPanel();

    expect(
      await screen.findByRole('img', {
        name: 'Success rate per day. No data.',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText('No data', { selector: 'text, tspan' }),
    ).toHaveLength(4);
    expect(stat('Success rate')).toBe('–');
  });
});
