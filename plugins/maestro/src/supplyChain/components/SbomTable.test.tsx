import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { maestroApiRef, SbomComponentQuery } from '../../api';
import { mockMaestroApi, sbomComponent } from '../../testing/fixtures';
import { SbomTable } from './SbomTable';

const TOTAL = 10_000;

/**
 * A backend holding 10,000 components: filters by name substring and
 * licence, pages by offset and limit, like the real one.
 */
function bigSbomApi() {
  const all = Array.from({ length: TOTAL }, (_, index) =>
    sbomComponent({
      name: index % 100 === 0 ? `openssl-${index}` : `lib-${index}`,
      version: `1.0.${index}`,
      purl: `pkg:npm/lib-${index}@1.0.${index}`,
      licenses: index % 2 === 0 ? ['MIT'] : ['Apache-2.0'],
      relationship: index % 3 === 0 ? 'direct' : 'transitive',
    }),
  );
  return mockMaestroApi({
    listArtifactComponents: jest.fn(
      async (_artifactId: string, query: SbomComponentQuery = {}) => {
        const matching = all.filter(
          component =>
            (!query.search || component.name.includes(query.search)) &&
            (!query.license || component.licenses.includes(query.license)),
        );
        const offset = query.offset ?? 0;
        return {
          items: matching.slice(offset, offset + (query.limit ?? 50)),
          totalCount: matching.length,
          facets: { licenses: ['Apache-2.0', 'MIT'], types: ['library'] },
        };
      },
    ),
  });
}

async function renderTable(api: ReturnType<typeof mockMaestroApi>) {
  await renderInTestApp(
    <TestApiProvider apis={[[maestroApiRef, api]]}>
      <SbomTable artifactId="art-1" componentCount={TOTAL} />
    </TestApiProvider>,
  );
}

function bodyRows() {
  const table = screen.getByRole('region', { name: 'SBOM components' });
  return within(table).getAllByRole('row').slice(1);
}

describe('SbomTable', () => {
  it('shows one server page of a 10,000-component SBOM', async () => {
    const api = bigSbomApi();
    await renderTable(api);

    expect(await screen.findByText('lib-1')).toBeInTheDocument();
    expect(bodyRows()).toHaveLength(50);
    expect(screen.getByText('10000 components match')).toBeInTheDocument();
    expect(screen.getByText('1-50 of 10000')).toBeInTheDocument();
    expect(api.listArtifactComponents).toHaveBeenCalledWith('art-1', {
      offset: 0,
      limit: 50,
    });
  });

  it('searches on the server once typing pauses, from the first page', async () => {
    const api = bigSbomApi();
    await renderTable(api);
    await screen.findByText('lib-1');
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('lib-50');

    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search components' }),
      'openssl',
    );

    expect(await screen.findByText('openssl-0')).toBeInTheDocument();
    expect(screen.getByText('100 components match')).toBeInTheDocument();
    const searches = api.listArtifactComponents.mock.calls
      .map(([, query]) => query)
      .filter(query => query?.search);
    // One request for the whole word, not one per keystroke.
    expect(searches).toEqual([{ search: 'openssl', offset: 0, limit: 50 }]);
  });

  it('filters by licence on the server and renders the rows it returns', async () => {
    const api = bigSbomApi();
    await renderTable(api);
    await screen.findByText('lib-1');

    await userEvent.click(screen.getByRole('button', { name: /Licence/ }));
    await userEvent.click(screen.getByRole('option', { name: 'Apache-2.0' }));

    await waitFor(() =>
      expect(api.listArtifactComponents).toHaveBeenLastCalledWith('art-1', {
        license: 'Apache-2.0',
        offset: 0,
        limit: 50,
      }),
    );
    await waitFor(() =>
      expect(screen.queryByText('lib-2')).not.toBeInTheDocument(),
    );
    const first = bodyRows()[0];
    expect(within(first).getByText('lib-1')).toBeInTheDocument();
    expect(within(first).getByText('Apache-2.0')).toBeInTheDocument();
    expect(screen.getByText('5000 components match')).toBeInTheDocument();
  });

  it('pages 500 rows at a time when asked to', async () => {
    const api = bigSbomApi();
    await renderTable(api);
    await screen.findByText('lib-1');

    await userEvent.click(screen.getByRole('button', { name: /per page/ }));
    await userEvent.click(screen.getByRole('option', { name: '500' }));
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));

    await waitFor(() =>
      expect(api.listArtifactComponents).toHaveBeenLastCalledWith('art-1', {
        offset: 500,
        limit: 500,
      }),
    );
    expect(await screen.findByText('501-1000 of 10000')).toBeInTheDocument();
    expect(bodyRows()).toHaveLength(500);
  });

  it('says when nothing matches', async () => {
    await renderTable(bigSbomApi());
    await screen.findByText('lib-1');

    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search components' }),
      'left-pad',
    );

    expect(
      await screen.findByText('No component matches.'),
    ).toBeInTheDocument();
  });
});
