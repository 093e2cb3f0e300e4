import { alertApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { maestroApiRef } from '../../../api';
import { mockMaestroApi } from '../../../testing/fixtures';
import { LedgerExportButton } from './LedgerExportButton';

async function renderButton(api: ReturnType<typeof mockMaestroApi>) {
  const alertApi = { post: jest.fn(), alert$: jest.fn() };
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [maestroApiRef, api],
        [alertApiRef, alertApi],
      ]}
    >
      <LedgerExportButton />
    </TestApiProvider>,
  );
  return { alertApi };
}

describe('LedgerExportButton', () => {
  const createObjectURL = jest.fn(() => 'blob:ledger');
  const revokeObjectURL = jest.fn();

  beforeAll(() => {
    Object.assign(URL, { createObjectURL, revokeObjectURL });
  });

  it('downloads the ledger under the name the backend gave it', async () => {
    const clicked: HTMLAnchorElement[] = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function recordClick(this: HTMLAnchorElement) {
        clicked.push(this);
      });
    const data = new Blob(['{"sequence":1}\n']);
    const api = mockMaestroApi({
      exportLedger: jest.fn(async () => ({
        filename: 'maestro-ledger-2026-11-23.ndjson',
        data,
      })),
    });
    await renderButton(api);

    await userEvent.click(screen.getByRole('button', { name: /Export/ }));

    await waitFor(() => expect(clicked).toHaveLength(1));
    expect(createObjectURL).toHaveBeenCalledWith(data);
    expect(clicked[0].download).toBe('maestro-ledger-2026-11-23.ndjson');
    expect(clicked[0].href).toBe('blob:ledger');
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:ledger');
    click.mockRestore();
  });

  it('tells the user which permission the export needs when refused', async () => {
    const refusal = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'Unauthorized' },
          request: { method: 'GET', url: '/ledger/export' },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    const { alertApi } = await renderButton(
      mockMaestroApi({
        exportLedger: jest.fn(async () => Promise.reject(refusal)),
      }),
    );

    await userEvent.click(screen.getByRole('button', { name: /Export/ }));

    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith(
        expect.objectContaining({ severity: 'error' }),
      ),
    );
    expect(alertApi.post.mock.calls[0][0].message).toBe(
      'Exporting the ledger needs the maestro.ledger.export permission.',
    );
  });
});
