import { alertApiRef } from '@backstage/core-plugin-api';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DownloadButton, DownloadedFile } from './DownloadButton';

async function renderButton(download: () => Promise<DownloadedFile>) {
  const alertApi = { post: jest.fn(), alert$: jest.fn() };
  await renderInTestApp(
    <TestApiProvider apis={[[alertApiRef, alertApi]]}>
      <DownloadButton
        download={download}
        describeFailure={error => `Could not download: ${String(error)}`}
        aria-label="Download the report"
      >
        Download
      </DownloadButton>
    </TestApiProvider>,
  );
  return { alertApi };
}

describe('DownloadButton', () => {
  const createObjectURL = jest.fn(() => 'blob:file');
  const revokeObjectURL = jest.fn();

  beforeAll(() => {
    Object.assign(URL, { createObjectURL, revokeObjectURL });
  });

  it('saves what it downloaded under the given name, disabled meanwhile', async () => {
    const clicked: HTMLAnchorElement[] = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function recordClick(this: HTMLAnchorElement) {
        clicked.push(this);
      });
    const data = new Blob(['{}']);
    let finish: (file: DownloadedFile) => void = () => {};
    const download = jest.fn(
      () =>
        new Promise<DownloadedFile>(resolve => {
          finish = resolve;
        }),
    );
    await renderButton(download);

    const button = screen.getByRole('button', { name: 'Download the report' });
    await userEvent.click(button);
    expect(button).toBeDisabled();
    finish({ filename: 'report.json', data });

    await waitFor(() => expect(clicked).toHaveLength(1));
    expect(clicked[0].download).toBe('report.json');
    expect(createObjectURL).toHaveBeenCalledWith(data);
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:file');
    await waitFor(() => expect(button).toBeEnabled());
    click.mockRestore();
  });

  it('says why in an alert when the download fails', async () => {
    const { alertApi } = await renderButton(async () => {
      throw new Error('offline');
    });

    await userEvent.click(
      screen.getByRole('button', { name: 'Download the report' }),
    );

    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith({
        severity: 'error',
        message: 'Could not download: Error: offline',
      }),
    );
    expect(
      screen.getByRole('button', { name: 'Download the report' }),
    ).toBeEnabled();
  });
});
