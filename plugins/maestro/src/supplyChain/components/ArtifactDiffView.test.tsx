import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  artifact,
  artifactDiff,
  artifactSummary,
  digestOf,
  mockMaestroApi,
  severityCounts,
  vulnerabilityFinding,
} from '../../testing/fixtures';
import {
  renderSupplyChainTab,
  SUPPLY_CHAIN_TAB_PATH as TAB_PATH,
} from '../../__testUtils__/renderEntityTab';
import { ArtifactListQuery } from '../../api';

function diffApi() {
  return mockMaestroApi({
    listArtifacts: jest.fn(async (_query: ArtifactListQuery) => ({
      items: [
        artifactSummary({
          id: 'art-2',
          digest: digestOf('b'),
          tags: ['1.5.0'],
        }),
        artifactSummary({
          id: 'art-1',
          digest: digestOf('a'),
          tags: ['1.4.0'],
        }),
        artifactSummary({
          id: 'art-0',
          digest: digestOf('0'),
          tags: ['1.3.0'],
        }),
      ],
      totalCount: 3,
    })),
    diffArtifacts: jest.fn(async (_from: string, _to: string) =>
      artifactDiff({
        from: artifact({ id: 'art-0', digest: digestOf('0'), tags: ['1.3.0'] }),
        to: artifact({ id: 'art-1', digest: digestOf('a'), tags: ['1.4.0'] }),
        components: {
          added: [
            {
              name: 'left-pad',
              version: '1.3.0',
              type: 'library',
              licenses: ['WTFPL'],
              relationship: 'transitive',
            },
          ],
          removed: [
            {
              name: 'request',
              version: '2.88.2',
              type: 'library',
              licenses: ['Apache-2.0'],
              relationship: 'direct',
            },
          ],
          changed: [
            {
              name: 'express',
              type: 'library',
              fromVersion: '4.18.2',
              toVersion: '4.19.2',
            },
          ],
        },
        vulnerabilities: {
          introduced: [
            vulnerabilityFinding({
              id: 'CVE-2024-1111',
              severity: 'medium',
              package: { name: 'left-pad' },
            }),
            vulnerabilityFinding({
              id: 'CVE-2024-2222',
              severity: 'critical',
              package: { name: 'left-pad' },
            }),
          ],
          fixed: [
            vulnerabilityFinding({
              id: 'CVE-2023-9999',
              severity: 'high',
              package: { name: 'request' },
            }),
          ],
          fromCounts: severityCounts({ high: 3, medium: 1 }),
          toCounts: severityCounts({ critical: 1, high: 2, medium: 2 }),
        },
      }),
    ),
  });
}

describe('ArtifactDiffView', () => {
  it('shows components added, removed and changed, and vulnerabilities introduced and fixed', async () => {
    const api = diffApi();
    await renderSupplyChainTab(api, { subPath: '/diff?from=art-0&to=art-1' });

    const added = await screen.findByRole('region', { name: 'Added (1)' });
    expect(
      within(added).getByRole('row', { name: /left-pad/ }),
    ).toHaveTextContent('WTFPL');
    const removed = screen.getByRole('region', { name: 'Removed (1)' });
    expect(within(removed).getByText('request')).toBeInTheDocument();
    const changed = screen.getByRole('region', { name: 'Changed (1)' });
    const express = within(changed).getByRole('row', { name: /express/ });
    expect(within(express).getByText('4.18.2')).toBeInTheDocument();
    expect(within(express).getByText('4.19.2')).toBeInTheDocument();

    const introduced = screen.getByRole('region', { name: 'Introduced (2)' });
    const [, first, second] = within(introduced).getAllByRole('row');
    // Most urgent first.
    expect(first).toHaveTextContent('CVE-2024-2222');
    expect(second).toHaveTextContent('CVE-2024-1111');
    const fixed = screen.getByRole('region', { name: 'Fixed (1)' });
    expect(within(fixed).getByText('CVE-2023-9999')).toBeInTheDocument();

    expect(api.diffArtifacts).toHaveBeenCalledWith('art-0', 'art-1');
  });

  it('puts the findings per severity of both artifacts side by side', async () => {
    await renderSupplyChainTab(diffApi(), {
      subPath: '/diff?from=art-0&to=art-1',
    });

    const counts = await screen.findByRole('region', {
      name: 'Findings per severity',
    });
    const critical = within(counts).getByRole('row', { name: /Critical/ });
    expect(
      within(critical)
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    ).toEqual(['Critical', '0', '1', '+1']);
    const high = within(counts).getByRole('row', { name: /High/ });
    expect(
      within(high)
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    ).toEqual(['High', '3', '2', '-1']);
  });

  it('compares another pair picked in the form', async () => {
    const api = diffApi();
    await renderSupplyChainTab(api, { subPath: '/diff?from=art-0&to=art-1' });
    await screen.findByRole('region', { name: 'Added (1)' });

    await userEvent.click(screen.getByRole('button', { name: /^To/ }));
    await userEvent.click(screen.getByRole('option', { name: /1\.5\.0/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Compare' }));

    expect(
      screen.getByRole('status', { name: 'Current location' }),
    ).toHaveTextContent(`${TAB_PATH}/diff?from=art-0&to=art-2`);
    expect(api.diffArtifacts).toHaveBeenLastCalledWith('art-0', 'art-2');
  });

  it('asks for two artifacts when the address names none', async () => {
    const api = diffApi();
    await renderSupplyChainTab(api, { subPath: '/diff' });

    expect(
      await screen.findByText('Pick the two artifacts to compare.'),
    ).toBeInTheDocument();
    expect(api.diffArtifacts).not.toHaveBeenCalled();
  });
});
