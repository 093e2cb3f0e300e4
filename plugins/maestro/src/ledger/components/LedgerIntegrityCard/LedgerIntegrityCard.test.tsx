import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { maestroApiRef } from '../../../api';
import { mockMaestroApi } from '../../../testing/fixtures';
import { LedgerIntegrityCard } from './LedgerIntegrityCard';

async function renderCard(api: ReturnType<typeof mockMaestroApi>) {
  await renderInTestApp(
    <TestApiProvider apis={[[maestroApiRef, api]]}>
      <LedgerIntegrityCard />
    </TestApiProvider>,
  );
}

describe('LedgerIntegrityCard', () => {
  it('reports an intact chain with the number of entries verified', async () => {
    await renderCard(
      mockMaestroApi({
        verifyLedger: jest.fn(async () => ({
          ok: true,
          checked: 42,
          headSequence: 42,
          headHash: `abcdef012345${'0'.repeat(52)}`,
        })),
      }),
    );

    expect(
      await screen.findByText('Chain intact: 42 entries verified'),
    ).toBeInTheDocument();
    expect(screen.getByText('abcdef012345')).toBeInTheDocument();
  });

  it('names the first broken entry, its reason and detail', async () => {
    await renderCard(
      mockMaestroApi({
        verifyLedger: jest.fn(async () => ({
          ok: false,
          checked: 6,
          headSequence: 9,
          headHash: 'f'.repeat(64),
          firstBroken: {
            sequence: 7,
            reason: 'hash-mismatch' as const,
            detail: 'stored 1a2b…, recomputed 9f8e…',
          },
        })),
      }),
    );

    expect(
      await screen.findByText('Chain broken at entry #7'),
    ).toBeInTheDocument();
    expect(screen.getByText(/hash-mismatch/)).toBeInTheDocument();
    expect(
      screen.getByText('stored 1a2b…, recomputed 9f8e…'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Chain intact/)).not.toBeInTheDocument();
  });

  it('verifies again on request and shows the new result', async () => {
    const verifyLedger = jest
      .fn()
      .mockResolvedValueOnce({
        ok: true,
        checked: 1,
        headSequence: 1,
        headHash: 'a'.repeat(64),
      })
      .mockResolvedValueOnce({
        ok: true,
        checked: 2,
        headSequence: 2,
        headHash: 'b'.repeat(64),
      });
    await renderCard(mockMaestroApi({ verifyLedger }));

    expect(
      await screen.findByText('Chain intact: 1 entry verified'),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Verify again' }));

    expect(
      await screen.findByText('Chain intact: 2 entries verified'),
    ).toBeInTheDocument();
    expect(verifyLedger).toHaveBeenCalledTimes(2);
  });

  it('shows why verification could not run', async () => {
    await renderCard(
      mockMaestroApi({
        verifyLedger: jest.fn(async () => {
          throw new Error('Database unreachable');
        }),
      }),
    );

    expect(
      await screen.findByText('Error: Database unreachable'),
    ).toBeInTheDocument();
  });
});
