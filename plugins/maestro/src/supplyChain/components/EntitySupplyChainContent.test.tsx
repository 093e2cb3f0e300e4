import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  artifactDetail,
  artifactSummary,
  digestOf,
  mockMaestroApi,
  severityCounts,
} from '../../testing/fixtures';
import {
  renderSupplyChainTab,
  supplyChainEntity,
  SUPPLY_CHAIN_TAB_PATH as TAB_PATH,
} from '../../__testUtils__/renderEntityTab';
import { ArtifactListQuery } from '../../api';

const entityRef = 'component:default/payments-api';

function twoArtifacts() {
  return mockMaestroApi({
    listArtifacts: jest.fn(async (_query: ArtifactListQuery) => ({
      items: [
        artifactSummary({
          id: 'art-2',
          digest: digestOf('b'),
          tags: ['1.5.0', 'latest'],
          pullRequest: 57,
          createdAt: '2026-11-24T09:00:00.000Z',
          vulnerabilityCounts: severityCounts({ critical: 2, medium: 5 }),
          signatureVerified: false,
          provenanceValid: true,
          verdicts: [
            { channel: 'dev', passed: true },
            { channel: 'staging', passed: true },
            { channel: 'prod', passed: false },
          ],
        }),
        artifactSummary({
          id: 'art-1',
          digest: digestOf('a'),
          tags: ['1.4.0'],
          vulnerabilityCounts: severityCounts(),
          verdicts: [{ channel: 'prod', passed: true }],
        }),
      ],
      totalCount: 2,
    })),
    getArtifact: jest.fn(async (artifactId: string) =>
      artifactDetail({ id: artifactId, digest: digestOf('b') }),
    ),
  });
}

describe('EntitySupplyChainContent', () => {
  it('lists the artifacts newest first with findings, evidence status and verdict badges', async () => {
    const api = twoArtifacts();
    await renderSupplyChainTab(api);

    const table = await screen.findByRole('region', { name: 'Artifacts' });
    const [, newest, older] = within(table).getAllByRole('row');

    const digest = within(newest).getByText('sha256:bbbbbbbbbbbb');
    expect(digest).toHaveAttribute('title', digestOf('b'));
    expect(within(newest).getByText('latest')).toBeInTheDocument();
    expect(within(newest).getByText('PR #57')).toBeInTheDocument();
    expect(within(newest).getByText('2 critical')).toBeInTheDocument();
    expect(within(newest).getByText('5 medium')).toBeInTheDocument();
    expect(within(newest).getByText('0 high')).toBeInTheDocument();
    expect(
      within(newest).getByRole('img', { name: 'Signature not verified' }),
    ).toBeInTheDocument();
    expect(
      within(newest).getByRole('img', { name: 'Provenance valid' }),
    ).toBeInTheDocument();
    expect(within(newest).getByText('dev: allowed')).toBeInTheDocument();
    expect(within(newest).getByText('staging: allowed')).toBeInTheDocument();
    expect(within(newest).getByText('prod: blocked')).toBeInTheDocument();

    expect(within(older).getByText('sha256:aaaaaaaaaaaa')).toBeInTheDocument();
    expect(within(older).getByText('prod: allowed')).toBeInTheDocument();
    expect(
      within(older).getByRole('img', { name: 'Signature verified' }),
    ).toBeInTheDocument();

    expect(api.listArtifacts).toHaveBeenCalledWith({
      entityRef,
      limit: 20,
      offset: 0,
    });
  });

  it('opens an artifact at its own address inside the tab', async () => {
    const api = twoArtifacts();
    await renderSupplyChainTab(api);

    await userEvent.click(
      await screen.findByRole('link', {
        name: `Open artifact ${digestOf('b')}`,
      }),
    );

    expect(
      await screen.findByText(`ghcr.io/acme/payments-api@${digestOf('b')}`),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('status', { name: 'Current location' }),
    ).toHaveTextContent(`${TAB_PATH}/artifacts/art-2`);
    expect(api.getArtifact).toHaveBeenCalledWith('art-2');

    await userEvent.click(screen.getByRole('link', { name: 'All artifacts' }));
    expect(
      await screen.findByRole('region', { name: 'Artifacts' }),
    ).toBeInTheDocument();
  });

  it('pages through the artifacts on the server', async () => {
    const api = mockMaestroApi({
      listArtifacts: jest.fn(async ({ offset = 0 }) => ({
        items: [artifactSummary({ id: `art-${offset}` })],
        totalCount: 45,
      })),
    });
    await renderSupplyChainTab(api);
    await screen.findByRole('region', { name: 'Artifacts' });

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));

    await waitFor(() =>
      expect(api.listArtifacts).toHaveBeenLastCalledWith({
        entityRef,
        limit: 20,
        offset: 20,
      }),
    );
    expect(await screen.findByText('21-40 of 45')).toBeInTheDocument();
  });

  it('compares the two newest artifacts from the overview', async () => {
    await renderSupplyChainTab(twoArtifacts());

    await userEvent.click(
      await screen.findByRole('button', { name: 'Compare' }),
    );

    expect(
      screen.getByRole('status', { name: 'Current location' }),
    ).toHaveTextContent(`${TAB_PATH}/diff?from=art-1&to=art-2`);
  });

  it('refetches when Maestro signals supply-chain changes, not for other topics', async () => {
    const api = twoArtifacts();
    const { signals } = await renderSupplyChainTab(api);
    await screen.findByRole('region', { name: 'Artifacts' });
    const calls = api.listArtifacts.mock.calls.length;

    signals.send('ledger');
    expect(api.listArtifacts).toHaveBeenCalledTimes(calls);

    signals.send('supply-chain');
    await waitFor(() =>
      expect(api.listArtifacts.mock.calls.length).toBeGreaterThan(calls),
    );
  });

  it('explains the first step when the entity has no artifacts', async () => {
    await renderSupplyChainTab(mockMaestroApi());

    expect(await screen.findByText('No artifacts yet')).toBeInTheDocument();
  });

  it('asks for the maestro.io/image annotation on entities without it', async () => {
    const api = mockMaestroApi();
    await renderSupplyChainTab(api, {
      entity: {
        ...supplyChainEntity,
        metadata: { name: 'payments-api' },
      },
    });

    expect(await screen.findByText('Missing Annotation')).toBeInTheDocument();
    expect(
      screen.getByText('maestro.io/image', { selector: 'code' }),
    ).toBeInTheDocument();
    expect(api.listArtifacts).not.toHaveBeenCalled();
  });
});
