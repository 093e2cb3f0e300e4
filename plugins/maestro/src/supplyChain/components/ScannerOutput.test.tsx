/*
 * What the artifact view shows of real scanner output: findings a VEX
 * analysis suppresses (listed with the author's reasons, counted nowhere),
 * documents Maestro did not read in full, and what an SBOM describes.
 */
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { maestroApiRef } from '../../api';
import {
  artifactDetail,
  digestOf,
  mockMaestroApi,
  sbomComponent,
  vulnerabilityFinding,
} from '../../testing/fixtures';
import { renderSupplyChainTab } from '../../__testUtils__/renderEntityTab';
import { EvidenceDocumentsCard } from './EvidenceDocumentsCard';
import { SbomTable } from './SbomTable';
import { VulnerabilityList } from './VulnerabilityList';

const WARNINGS = [
  '1 vulnerability names no affected component (affects is empty or missing): stored without a package (CVE-2020-25649)',
  "this VEX document lists no components: its analysis applies to its own findings only and does not suppress other reports' findings",
];

describe('real scanner output in the artifact view', () => {
  it('lists a finding suppressed by VEX analysis apart, with its justification, and counts only the open ones', async () => {
    const api = mockMaestroApi({
      listArtifactVulnerabilities: jest.fn(async (_artifactId: string) => ({
        items: [
          vulnerabilityFinding({
            id: 'CVE-2019-18224',
            severity: 'critical',
            package: { name: 'libidn2-0', type: 'deb' },
            installedVersion: '2.0.5-1',
            scanner: 'trivy dev',
            analysis: {
              state: 'not_affected',
              justification: 'code_not_reachable',
              responses: ['will_not_fix'],
              detail: 'The service never resolves internationalized names.',
            },
          }),
          vulnerabilityFinding({ id: 'CVE-2020-8165', severity: 'high' }),
        ],
      })),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, api]]}>
        <VulnerabilityList artifactId="art-1" scanned />
      </TestApiProvider>,
    );

    const suppressed = await screen.findByRole('region', {
      name: 'Suppressed by VEX analysis (1)',
    });
    const row = within(suppressed).getByRole('row', { name: /CVE-2019-18224/ });
    expect(
      within(row).getByText('not affected: code not reachable'),
    ).toBeInTheDocument();
    expect(
      within(row).getByText(
        'The service never resolves internationalized names.',
      ),
    ).toBeInTheDocument();
    expect(within(row).getByText('libidn2-0 2.0.5-1')).toBeInTheDocument();
    expect(within(row).getByText('trivy dev')).toBeInTheDocument();

    // The critical one is neither a severity group nor in the counts.
    expect(
      screen.queryByRole('heading', { name: /^Critical \(/ }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'High (1)' })).toBeVisible();
    expect(screen.getByText('0 critical')).toBeInTheDocument();
  });

  it('says so when every finding is suppressed', async () => {
    const api = mockMaestroApi({
      listArtifactVulnerabilities: jest.fn(async (_artifactId: string) => ({
        items: [
          vulnerabilityFinding({
            analysis: { state: 'false_positive', responses: [] },
          }),
        ],
      })),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, api]]}>
        <VulnerabilityList artifactId="art-1" scanned />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(
        'No open vulnerabilities: every finding is suppressed by VEX analysis.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('false positive')).toBeInTheDocument();
  });

  it("shows a document's kind, what it describes and what was not read of it", async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, mockMaestroApi()]]}>
        <EvidenceDocumentsCard
          documents={[
            {
              id: 'doc-bom',
              artifactId: 'art-1',
              kind: 'sbom-and-vulnerability-report',
              format: 'cyclonedx-json',
              version: '1.7',
              sha256: digestOf('b'),
              sizeBytes: 15_955,
              tool: 'trivy 0.58.0',
              subject: { name: 'alpine:3.15', images: [] },
              ingestedAt: '2026-11-23T10:01:00.000Z',
              ingestedBy: 'service:ci',
            },
            {
              id: 'doc-vex',
              artifactId: 'art-1',
              kind: 'vulnerability-report',
              format: 'cyclonedx-json',
              version: '1.4',
              sha256: digestOf('c'),
              sizeBytes: 1649,
              warnings: WARNINGS,
              ingestedAt: '2026-11-23T10:02:00.000Z',
              ingestedBy: 'service:ci',
            },
          ]}
        />
      </TestApiProvider>,
    );
    expect(
      screen.getByText('SBOM and vulnerability report'),
    ).toBeInTheDocument();
    expect(screen.getByText('describes alpine:3.15')).toBeInTheDocument();
    expect(screen.getByText('Not fully read (2 warnings)')).toBeInTheDocument();
    for (const warning of WARNINGS) {
      expect(screen.getByText(warning)).toBeInTheDocument();
    }
  });

  it('says in the artifact header that a document was not fully read', async () => {
    const api = mockMaestroApi({
      getArtifact: jest.fn(async (_artifactId: string) =>
        artifactDetail({
          documents: [
            {
              ...artifactDetail().documents[0],
              warnings: [
                '$.services (2): services are not stored (only components are)',
              ],
            },
          ],
        }),
      ),
    });
    await renderSupplyChainTab(api, { subPath: '/artifacts/art-1' });
    expect(
      await screen.findByText(
        /1 evidence document was not fully read; see Evidence documents below\./,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        '$.services (2): services are not stored (only components are)',
      ),
    ).toBeInTheDocument();
  });

  it('shows what the SBOM describes, apart from its components', async () => {
    const api = mockMaestroApi({
      listArtifactComponents: jest.fn(async (_artifactId: string) => ({
        items: [sbomComponent({ name: 'Saxon', version: '8.8' })],
        totalCount: 1,
        facets: { licenses: [] as string[], types: [] as string[] },
        subject: { name: 'glibc', version: '2.11.1', images: [] },
      })),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[maestroApiRef, api]]}>
        <SbomTable artifactId="art-1" componentCount={1} />
      </TestApiProvider>,
    );
    expect(await screen.findByText('glibc 2.11.1')).toBeInTheDocument();
    expect(screen.getByText(/^Describes/)).toBeInTheDocument();
    const table = screen.getByRole('region', { name: 'SBOM components' });
    expect(within(table).queryByText('glibc')).not.toBeInTheDocument();
    expect(within(table).getByText('Saxon')).toBeInTheDocument();
  });
});
