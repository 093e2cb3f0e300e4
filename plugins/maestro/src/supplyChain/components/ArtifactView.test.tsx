import { ResponseError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  artifactDetail,
  digestOf,
  gateCheck,
  gateVerdict,
  mockMaestroApi,
  policyEvaluation,
  policyFinding,
  vulnerabilityFinding,
} from '../../testing/fixtures';
import { renderSupplyChainTab } from '../../__testUtils__/renderEntityTab';
import { PolicyResultsQuery } from '../../api';

const DAY = 24 * 3600 * 1000;

function inDays(days: number) {
  return new Date(Date.now() + days * DAY + 3600_000).toISOString();
}

function renderArtifact(api: ReturnType<typeof mockMaestroApi>) {
  return renderSupplyChainTab(api, { subPath: '/artifacts/art-1' });
}

describe('ArtifactView', () => {
  it('groups vulnerabilities by severity, critical first, with versions, aliases, CVSS and exemptions', async () => {
    const api = mockMaestroApi({
      listArtifactVulnerabilities: jest.fn(async (_artifactId: string) => ({
        items: [
          vulnerabilityFinding({
            id: 'CVE-2024-0003',
            severity: 'low',
            package: { name: 'zlib', type: 'apk' },
            installedVersion: '1.3-r0',
            fixedVersions: [],
          }),
          vulnerabilityFinding({
            id: 'GHSA-abcd-efgh-ijkl',
            aliases: ['CVE-2024-0002'],
            severity: 'critical',
            package: { name: 'lodash', type: 'npm' },
            installedVersion: '4.17.20',
            fixedVersions: ['4.17.21'],
            cvss: { score: 9.8, version: '3.1', vector: 'CVSS:3.1/AV:N' },
          }),
          vulnerabilityFinding({
            id: 'CVE-2024-0001',
            severity: 'high',
            package: { name: 'openssl', type: 'apk' },
            installedVersion: '3.1.4-r0',
            fixedVersions: ['3.1.4-r5'],
            exemption: {
              id: 'vex-1',
              status: 'active',
              expiresAt: inDays(5),
            },
          }),
        ],
      })),
    });
    await renderArtifact(api);

    const headings = await screen.findAllByRole('heading', {
      level: 3,
      name: /^(Critical|High|Medium|Low|Negligible|Unknown) \(\d+\)$/,
    });
    expect(headings.map(heading => heading.textContent)).toEqual([
      'Critical (1)',
      'High (1)',
      'Low (1)',
    ]);

    const critical = screen.getByRole('region', { name: 'Critical (1)' });
    const lodash = within(critical).getByRole('row', { name: /lodash/ });
    expect(within(lodash).getByText('GHSA-abcd-efgh-ijkl')).toBeInTheDocument();
    expect(within(lodash).getByText('also CVE-2024-0002')).toBeInTheDocument();
    expect(within(lodash).getByText('4.17.20')).toBeInTheDocument();
    expect(within(lodash).getByText('4.17.21')).toBeInTheDocument();
    expect(within(lodash).getByText('9.8 (v3.1)')).toHaveAttribute(
      'title',
      'CVSS:3.1/AV:N',
    );

    const high = screen.getByRole('region', { name: 'High (1)' });
    expect(within(high).getByText(/exempted, expires/)).toBeInTheDocument();
    expect(within(high).getByText('in 5 days')).toBeInTheDocument();

    const low = screen.getByRole('region', { name: 'Low (1)' });
    expect(within(low).getByText('no fix')).toBeInTheDocument();
    expect(api.listArtifactVulnerabilities).toHaveBeenCalledWith('art-1');
  });

  it("shows each channel's gate checklist with failing reasons and the exemptions that let checks pass", async () => {
    const api = mockMaestroApi({
      getArtifact: jest.fn(async (_artifactId: string) =>
        artifactDetail({
          verdicts: [
            { channel: 'dev', passed: true },
            { channel: 'prod', passed: false },
          ],
        }),
      ),
      getGateVerdict: jest.fn(async (artifactId: string, channel: string) =>
        channel === 'prod'
          ? gateVerdict({
              artifactId,
              channel,
              passed: false,
              checks: [
                gateCheck({
                  id: 'signature',
                  title: 'Image signature verified',
                }),
                gateCheck({
                  id: 'critical',
                  title: 'No critical vulnerabilities',
                  passed: false,
                  reason: '2 critical findings without an exemption',
                }),
                gateCheck({
                  id: 'high',
                  title: 'No high vulnerabilities',
                  passed: true,
                  reason: '1 high finding, covered by an exemption',
                  exemptions: [
                    {
                      id: 'vex-1',
                      vulnerabilityId: 'CVE-2024-0001',
                      owner: 'group:default/payments-team',
                      expiresAt: inDays(10),
                    },
                  ],
                }),
              ],
            })
          : gateVerdict({ artifactId, channel }),
      ),
    });
    await renderArtifact(api);

    const prod = await screen.findByRole('region', { name: 'prod gate' });
    expect(
      await within(prod).findByText('Blocked from prod'),
    ).toBeInTheDocument();
    const checks = within(prod).getAllByRole('listitem');
    // Failing first.
    expect(checks[0]).toHaveTextContent('No critical vulnerabilities');
    expect(
      within(checks[0]).getByRole('img', { name: 'failed' }),
    ).toBeInTheDocument();
    expect(
      within(prod).getByText('2 critical findings without an exemption'),
    ).toBeInTheDocument();
    const exemptions = within(prod).getByRole('list', {
      name: 'Exemptions for No high vulnerabilities',
    });
    expect(exemptions).toHaveTextContent(
      'CVE-2024-0001 exempted by group:default/payments-team, expires in 10 days',
    );

    const dev = screen.getByRole('region', { name: 'dev gate' });
    expect(await within(dev).findByText('May enter dev')).toBeInTheDocument();
    expect(
      within(dev).getByRole('img', { name: 'passed' }),
    ).toBeInTheDocument();
    expect(api.getGateVerdict).toHaveBeenCalledWith('art-1', 'prod');
    expect(api.getGateVerdict).toHaveBeenCalledWith('art-1', 'dev');
  });

  it('asks for the gates of the entity channels when the artifact has no verdicts yet', async () => {
    const api = mockMaestroApi({
      getArtifact: jest.fn(async (_artifactId: string) =>
        artifactDetail({ verdicts: [] }),
      ),
    });
    await renderArtifact(api);

    expect(
      await screen.findByRole('region', { name: 'staging gate' }),
    ).toBeInTheDocument();
    expect(api.getGateVerdict.mock.calls.map(([, channel]) => channel)).toEqual(
      ['dev', 'staging', 'prod'],
    );
  });

  it('tells who signed the artifact and how it was built, and why a check failed', async () => {
    const api = mockMaestroApi({
      getArtifact: jest.fn(async (_artifactId: string) =>
        artifactDetail({
          signatures: [
            {
              documentId: 'doc-bundle',
              verified: false,
              reason: 'Certificate identity does not match the build workflow',
              signerSubject:
                'https://github.com/evil/fork/.github/workflows/x.yml@refs/heads/main',
              signerIssuer: 'https://token.actions.githubusercontent.com',
              verifiedAt: '2026-11-23T10:01:00.000Z',
            },
          ],
        }),
      ),
    });
    await renderArtifact(api);

    expect(
      await screen.findByText(
        'Certificate identity does not match the build workflow',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'https://github.com/evil/fork/.github/workflows/x.yml@refs/heads/main',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Signature not verified', { selector: 'p' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Provenance valid', { selector: 'p' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('https://github.com/actions/runner/github-hosted'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('https://github.com/acme/payments-api'),
    ).toBeInTheDocument();
  });

  it('shows the policy results stored for the digest', async () => {
    const api = mockMaestroApi({
      listPolicyResults: jest.fn(async (_query: PolicyResultsQuery) => ({
        items: [
          policyEvaluation({
            imageDigest: digestOf('a'),
            report: {
              ...policyEvaluation().report,
              passed: false,
              findings: [policyFinding({ ruleId: 'MAESTRO-DF-001' })],
              summary: {
                ...policyEvaluation().report.summary,
                deny: 1,
              },
            },
          }),
        ],
      })),
    });
    await renderArtifact(api);

    expect(
      await screen.findByText('Failed: 1 deny finding'),
    ).toBeInTheDocument();
    expect(screen.getByText('MAESTRO-DF-001')).toBeInTheDocument();
    expect(api.listPolicyResults).toHaveBeenCalledWith({
      entityRef: 'component:default/payments-api',
      imageDigest: digestOf('a'),
      limit: 1,
    });
  });

  it('downloads a raw evidence document through the client', async () => {
    const createObjectURL = jest.fn(() => 'blob:evidence');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicked: HTMLAnchorElement[] = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function recordClick(this: HTMLAnchorElement) {
        clicked.push(this);
      });
    const data = new Blob(['{"bomFormat":"CycloneDX"}']);
    const api = mockMaestroApi({
      downloadEvidenceDocument: jest.fn(async (_documentId: string) => ({
        filename: 'sbom-art-1.cdx.json',
        data,
      })),
    });
    await renderArtifact(api);

    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Download SBOM (cyclonedx-json)',
      }),
    );

    await waitFor(() => expect(clicked).toHaveLength(1));
    expect(api.downloadEvidenceDocument).toHaveBeenCalledWith('doc-sbom');
    expect(createObjectURL).toHaveBeenCalledWith(data);
    expect(clicked[0].download).toBe('sbom-art-1.cdx.json');
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:evidence');
    click.mockRestore();
  });

  it('alerts when a download is refused', async () => {
    const refusal = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'Unauthorized' },
          request: { method: 'GET', url: '/' },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    const api = mockMaestroApi({
      downloadEvidenceDocument: jest.fn(async (_documentId: string) =>
        Promise.reject(refusal),
      ),
    });
    const { alertApi } = await renderArtifact(api);

    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Download SBOM (cyclonedx-json)',
      }),
    );

    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith({
        severity: 'error',
        message: 'Could not download the document: Unauthorized',
      }),
    );
  });

  it('says so when the artifact does not exist', async () => {
    const missing = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotFoundError', message: 'No artifact art-1' },
          request: { method: 'GET', url: '/' },
          response: { statusCode: 404 },
        }),
        { status: 404, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    await renderArtifact(
      mockMaestroApi({
        getArtifact: jest.fn(async (_artifactId: string) =>
          Promise.reject(missing),
        ),
      }),
    );

    expect(await screen.findByText('No such artifact')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /All artifacts/ }),
    ).toBeInTheDocument();
  });
});
