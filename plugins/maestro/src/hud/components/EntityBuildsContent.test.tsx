import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import {
  ArtifactListQuery,
  HudTimelineQuery,
  PullRequestTimelineQuery,
} from '../../api';
import {
  artifactSummary,
  buildRun,
  digestOf,
  entityTimeline,
  hudAlert,
  hudUnrouted,
  mockMaestroApi,
  pipelineRun,
  pullRequestTimeline,
} from '../../testing/fixtures';
import {
  BUILDS_TAB_PATH as TAB_PATH,
  buildsEntity,
  renderBuildsTab,
} from '../../__testUtils__/renderEntityTab';

const entityRef = 'component:default/payments-api';

/** The error `MaestroClient` throws for a refusal from the backend. */
function responseError(status: number, name: string, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        request: { method: 'GET', url: '/' },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

function timelineApi() {
  const latest = pipelineRun();
  const { runs: _runs, ...openPr } = pullRequestTimeline({
    previewUrl: 'https://pr-57.preview.acme.dev',
  });
  const { runs: _merged, ...mergedPr } = pullRequestTimeline({
    number: 55,
    title: 'Bump the Node base image',
    state: 'merged',
    author: 'renovate[bot]',
    headCommit: 'aa11bb22cc33dd44ee55ff6600112233445566ff',
    previewUrl: undefined,
  });
  const mainRun = buildRun({
    id: 'run-2',
    externalId: '8990',
    pullRequest: undefined,
    branch: 'main',
    commit: 'cafebabe00000000000000000000000000000000',
  });
  return mockMaestroApi({
    getHudTimeline: jest.fn(async ({ entityRef: ref }: HudTimelineQuery) =>
      entityTimeline({
        entityRef: ref,
        // The backend puts open ones first; the tab does not rely on it.
        pullRequests: [
          { ...mergedPr, latestRun: undefined },
          { ...openPr, latestRun: latest },
        ],
        runs: [latest, mainRun],
      }),
    ),
  });
}

function stageNames(runTitle: string) {
  const strip = screen.getAllByRole('list', { name: `Stages of ${runTitle}` });
  return within(strip[0])
    .getAllByRole('button')
    .map(button => button.getAttribute('aria-label'));
}

describe('EntityBuildsContent', () => {
  it('lists open pull requests first with number, title, author, state, head commit and preview', async () => {
    const api = timelineApi();
    await renderBuildsTab(api);

    const prs = within(
      await screen.findByRole('article', {
        name: '#57 Refunds for partial captures',
      }),
    );
    expect(prs.getByText('open')).toBeInTheDocument();
    expect(prs.getByText('by jane-doe')).toBeInTheDocument();
    expect(prs.getAllByText('4f2c9e1')[0]).toHaveAttribute(
      'title',
      '4f2c9e1d0b7a6c5e3f1a2b3c4d5e6f708192a3b4',
    );
    expect(prs.getAllByRole('link', { name: /^Preview/ })[0]).toHaveAttribute(
      'href',
      'https://pr-57.preview.acme.dev',
    );
    expect(prs.getByRole('link', { name: /^Pull request/ })).toHaveAttribute(
      'href',
      'https://github.com/acme/payments-api/pull/57',
    );

    const titles = screen
      .getAllByRole('heading', { level: 3 })
      .map(heading => heading.textContent);
    expect(titles).toEqual([
      '#57 Refunds for partial captures',
      '#55 Bump the Node base image',
    ]);
    const merged = within(
      screen.getByRole('article', { name: '#55 Bump the Node base image' }),
    );
    expect(merged.getByText('merged')).toBeInTheDocument();
    expect(merged.getByText('No runs yet')).toBeInTheDocument();

    expect(api.getHudTimeline).toHaveBeenCalledWith({ entityRef, limit: 20 });
  });

  it("draws the latest run's stages in pipeline order with status and duration, other stages last", async () => {
    await renderBuildsTab(timelineApi());
    await screen.findByRole('article', {
      name: '#57 Refunds for partial captures',
    });

    expect(stageNames('CI #9001')).toEqual([
      'lint succeeded, 12s',
      'test failed, 1m 20s',
      'build succeeded, 2m 30s',
      'scan succeeded, 30s',
      'sign failed, 4s',
      'policy failed, 3s',
      'deploy succeeded, 45s',
      'e2e queued',
      'smoke skipped',
    ]);
  });

  it('names the failed tests when the test stage is opened, and closes again', async () => {
    await renderBuildsTab(timelineApi());
    const pr = within(
      await screen.findByRole('article', {
        name: '#57 Refunds for partial captures',
      }),
    );

    const testStage = pr.getByRole('button', { name: 'test failed, 1m 20s' });
    expect(testStage).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(testStage);

    expect(testStage).toHaveAttribute('aria-expanded', 'true');
    const details = within(pr.getByRole('region', { name: 'Stage test' }));
    expect(
      details.getByText('48 passed, 2 failed, 1 skipped'),
    ).toBeInTheDocument();
    const failures = within(details.getByRole('list', { name: 'Failed tests' }))
      .getAllByRole('listitem')
      .map(item => item.textContent);
    expect(failures).toEqual([
      'RefundService refunds a partial captureexpected 50 to equal 25',
      'RefundService rejects a refund above the capture',
    ]);
    expect(details.getByRole('link', { name: /^Test report/ })).toHaveAttribute(
      'href',
      'https://ci.acme.dev/tests/9001',
    );
    expect(details.getByRole('link', { name: /^Stage log/ })).toHaveAttribute(
      'href',
      'https://github.com/acme/payments-api/actions/runs/9001/job/2',
    );
    expect(details.getByRole('link', { name: /^Open run/ })).toHaveAttribute(
      'href',
      'https://github.com/acme/payments-api/actions/runs/9001',
    );

    await userEvent.click(testStage);
    expect(
      pr.queryByRole('region', { name: 'Stage test' }),
    ).not.toBeInTheDocument();
  });

  it('shows scan counts with the report and SBOM, signature, policy and preview of their stages', async () => {
    await renderBuildsTab(timelineApi());
    const pr = within(
      await screen.findByRole('article', {
        name: '#57 Refunds for partial captures',
      }),
    );

    await userEvent.click(
      pr.getByRole('button', { name: 'scan succeeded, 30s' }),
    );
    const scan = within(pr.getByRole('region', { name: 'Stage scan' }));
    expect(scan.getByText('2 critical')).toBeInTheDocument();
    expect(scan.getByText('5 high')).toBeInTheDocument();
    expect(scan.getByText('1 medium')).toBeInTheDocument();
    expect(scan.getByRole('link', { name: /^Scan report/ })).toHaveAttribute(
      'href',
      'https://ci.acme.dev/scan/9001',
    );
    expect(scan.getByRole('link', { name: /^SBOM/ })).toHaveAttribute(
      'href',
      'https://ci.acme.dev/sbom/9001.cdx.json',
    );

    await userEvent.click(pr.getByRole('button', { name: 'sign failed, 4s' }));
    expect(
      within(pr.getByRole('region', { name: 'Stage sign' })).getByText(
        'not verified',
      ).parentElement,
    ).toHaveTextContent('not verified (no sigstore bundle)');

    await userEvent.click(
      pr.getByRole('button', { name: 'policy failed, 3s' }),
    );
    expect(pr.getByRole('region', { name: 'Stage policy' })).toHaveTextContent(
      'Policy:failed: 2 denied, 1 warning',
    );

    await userEvent.click(
      pr.getByRole('button', { name: 'deploy succeeded, 45s' }),
    );
    expect(
      within(pr.getByRole('region', { name: 'Stage deploy' })).getByRole(
        'link',
        { name: /^Preview/ },
      ),
    ).toHaveAttribute('href', 'https://pr-57.preview.acme.dev');
  });

  it("links a run's image to its artifact in the Supply chain tab, else to the tab", async () => {
    const api = timelineApi();
    api.listArtifacts.mockImplementation(async (_query: ArtifactListQuery) => ({
      items: [artifactSummary({ id: 'art-7', digest: digestOf('b') })],
      totalCount: 1,
    }));
    await renderBuildsTab(api);

    const [artifactLink] = await screen.findAllByRole('link', {
      name: `Supply chain of ${digestOf('b')}`,
    });
    await waitFor(() =>
      expect(artifactLink).toHaveAttribute(
        'href',
        '/catalog/default/component/payments-api/supply-chain/artifacts/art-7',
      ),
    );
    expect(artifactLink).toHaveTextContent('Artifact sha256:bbbbbbbbbbbb');
    expect(api.listArtifacts).toHaveBeenCalledWith({
      entityRef,
      limit: 100,
      offset: 0,
    });
  });

  it('falls back to the Supply chain tab when the digest is not among the artifacts', async () => {
    const api = timelineApi();
    api.listArtifacts.mockRejectedValue(
      await responseError(403, 'NotAllowedError', 'Forbidden'),
    );
    await renderBuildsTab(api);

    const [artifactLink] = await screen.findAllByRole('link', {
      name: `Supply chain of ${digestOf('b')}`,
    });
    expect(artifactLink).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/supply-chain',
    );
  });

  it('lists recent runs on all branches below the pull requests', async () => {
    await renderBuildsTab(timelineApi());

    const recent = within(
      await screen.findByRole('region', { name: 'Recent runs' }),
    );
    const runs = recent
      .getAllByRole('heading', { level: 4 })
      .map(heading => heading.textContent);
    expect(runs).toEqual(['CI #9001', 'CI #8990']);
    const main = within(recent.getByRole('article', { name: 'CI #8990' }));
    expect(main.getByText('main')).toBeInTheDocument();
    expect(main.getByText('succeeded in 7m 30s')).toBeInTheDocument();
    expect(main.queryByText(/PR #/)).not.toBeInTheDocument();
    expect(recent.getByRole('article', { name: 'CI #9001' })).toHaveTextContent(
      'PR #57',
    );
  });

  it('opens a pull request with all its runs, newest first, at its own address', async () => {
    const api = timelineApi();
    api.getPullRequestTimeline.mockResolvedValue(
      pullRequestTimeline({
        runs: [
          pipelineRun({ id: 'run-3', externalId: '9003', status: 'running' }),
          buildRun({ id: 'run-2', externalId: '9002', status: 'failed' }),
          buildRun({ id: 'run-1', externalId: '9001' }),
        ],
      }),
    );
    await renderBuildsTab(api);

    await userEvent.click(
      await screen.findByRole('link', {
        name: '#57 Refunds for partial captures',
      }),
    );

    expect(
      await screen.findByRole('heading', {
        level: 2,
        name: '#57 Refunds for partial captures',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('status', { name: 'Current location' }),
    ).toHaveTextContent(`${TAB_PATH}/pull-requests/57`);
    expect(api.getPullRequestTimeline).toHaveBeenCalledWith({
      entityRef,
      number: 57,
    });
    expect(screen.getByText('3 runs, newest first')).toBeInTheDocument();
    const runs = screen
      .getAllByRole('heading', { level: 4 })
      .map(heading => heading.textContent);
    expect(runs).toEqual(['CI #9003', 'CI #9002', 'CI #9001']);
    expect(
      within(screen.getByRole('article', { name: 'CI #9003' })).getByText(
        'running for 7m 30s',
      ),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('link', { name: 'All builds' }));
    expect(
      screen.getByRole('status', { name: 'Current location' }),
    ).toHaveTextContent(new RegExp(`^${TAB_PATH}$`));
  });

  it('says so when the pull request is unknown', async () => {
    const missing = await responseError(
      404,
      'NotFoundError',
      'No pull request 404',
    );
    const api = mockMaestroApi({
      getPullRequestTimeline: jest.fn(
        async (_query: PullRequestTimelineQuery) => Promise.reject(missing),
      ),
    });
    await renderBuildsTab(api, { subPath: '/pull-requests/404' });

    expect(await screen.findByText('No pull request #404')).toBeInTheDocument();
  });

  it('shows a new run without reload when Maestro signals a HUD change, not for other topics', async () => {
    const first = buildRun({ id: 'run-1', externalId: '9001' });
    const api = mockMaestroApi({
      getHudTimeline: jest.fn(async (_query: HudTimelineQuery) =>
        entityTimeline({ runs: [first] }),
      ),
    });
    const { signals } = await renderBuildsTab(api);
    await screen.findByRole('article', { name: 'CI #9001' });
    expect(screen.getByText('Live: updates as CI reports')).toBeInTheDocument();
    const calls = api.getHudTimeline.mock.calls.length;

    signals.send('ledger');
    expect(api.getHudTimeline).toHaveBeenCalledTimes(calls);

    api.getHudTimeline.mockResolvedValue(
      entityTimeline({
        runs: [
          buildRun({ id: 'run-2', externalId: '9002', status: 'running' }),
          first,
        ],
      }),
    );
    signals.send('hud');

    expect(
      await screen.findByRole('article', { name: 'CI #9002' }),
    ).toBeInTheDocument();
    expect(api.getHudTimeline).toHaveBeenCalledTimes(calls + 1);
    // The artifact links and alerts follow the same notice.
    expect(api.listHudAlerts.mock.calls.length).toBeGreaterThan(1);
  });

  it('lists the open alerts of the entity with value, threshold and when they opened', async () => {
    const api = timelineApi();
    api.listHudAlerts.mockResolvedValue({
      items: [
        hudAlert({ status: 'resolved', id: 'old', title: 'Old breach' }),
        hudAlert(),
      ],
    });
    await renderBuildsTab(api);

    const alerts = within(
      await screen.findByRole('list', { name: 'Open alerts' }),
    );
    const alert = alerts.getByRole('listitem', {
      name: 'Success rate below 90%',
    });
    expect(alert).toHaveTextContent('value 0.72 vs threshold 0.9');
    expect(within(alert).getByText(/ago$/)).toHaveAttribute(
      'dateTime',
      '2026-11-23T09:30:00.000Z',
    );
    expect(alerts.queryByText('Old breach')).not.toBeInTheDocument();
    expect(api.listHudAlerts).toHaveBeenCalledWith({ entityRef });
  });

  it('warns that deliveries of its repository are parked because another component claims it too, even before any build', async () => {
    const api = mockMaestroApi({
      listHudUnrouted: jest.fn(async () => ({ items: [hudUnrouted()] })),
    });
    await renderBuildsTab(api);

    expect(
      await screen.findByText(
        'Warning: 3 deliveries for acme/ledger-worker are parked: component:ledger-copy and component:payments-api both claim it',
      ),
    ).toBeInTheDocument();
    expect(api.listHudUnrouted).toHaveBeenCalledWith({ entityRef });
    expect(screen.getByText('No builds yet')).toBeInTheDocument();
  });

  it('shows no parking warning when nothing is parked', async () => {
    const api = timelineApi();
    await renderBuildsTab(api);
    await screen.findByRole('article', {
      name: '#57 Refunds for partial captures',
    });
    expect(api.listHudUnrouted).toHaveBeenCalledWith({ entityRef });
    expect(screen.queryByText(/are parked/)).not.toBeInTheDocument();
  });

  it('explains how runs arrive when there are none', async () => {
    await renderBuildsTab(mockMaestroApi());

    expect(await screen.findByText('No builds yet')).toBeInTheDocument();
  });

  it('says it polls when the app has no signals', async () => {
    await renderBuildsTab(timelineApi(), { withoutSignals: true });

    expect(
      await screen.findByText('Refreshed every 30 seconds'),
    ).toBeInTheDocument();
  });

  it('asks for the maestro.io/image annotation on entities without it', async () => {
    const api = mockMaestroApi();
    await renderBuildsTab(api, {
      entity: { ...buildsEntity, metadata: { name: 'payments-api' } },
    });

    expect(await screen.findByText('Missing Annotation')).toBeInTheDocument();
    expect(api.getHudTimeline).not.toHaveBeenCalled();
  });
});
