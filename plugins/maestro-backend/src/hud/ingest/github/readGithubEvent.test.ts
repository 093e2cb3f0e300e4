import { githubExamples } from '../../__testUtils__/webhooks';
import { githubRunStatus, readGithubEvent } from './readGithubEvent';

const options = { previewEnvironment: /^(pr-|preview)/i };
const read = (event: string, payload: unknown) =>
  readGithubEvent(event, payload, 'delivery-1', options);

describe('readGithubEvent on GitHub example payloads', () => {
  it('reads a completed workflow run as a run with its pull request', () => {
    const payload = githubExamples('workflow_run').find(
      e => e.workflow_run.pull_requests.length > 0,
    )!;
    const draft = read('workflow_run', payload)!;
    const run = payload.workflow_run;
    expect(draft).toMatchObject({
      source: 'github',
      origin: 'github',
      deliveryId: 'delivery-1',
      type: 'workflow_run.completed',
      correlation: { repository: payload.repository.full_name },
      facts: {
        occurredAt: new Date(run.updated_at).toISOString(),
        run: {
          provider: 'github-actions',
          externalId: String(run.id),
          name: run.name || payload.workflow.name,
          url: run.html_url,
          pullRequest: run.pull_requests[0].number,
          commit: run.head_sha,
          branch: run.head_branch,
          status: 'succeeded',
          finishedAt: new Date(run.updated_at).toISOString(),
        },
      },
    });
    expect(draft.payload).toBe(payload);
  });

  it('reads a requested workflow run as queued, without a start', () => {
    const payload = githubExamples('workflow_run').find(
      e => e.action === 'requested' && e.workflow_run.status === 'queued',
    )!;
    const { run } = read('workflow_run', payload)!.facts;
    expect(run).toMatchObject({ status: 'queued' });
    expect(run!.startedAt).toBeUndefined();
    expect(run!.finishedAt).toBeUndefined();
  });

  it('reads a workflow job as a stage of its run, named by keywords', () => {
    const payload = githubExamples('workflow_job').find(
      e =>
        e.workflow_job.name === 'linters' &&
        e.workflow_job.conclusion === 'failure',
    )!;
    const job = payload.workflow_job;
    const { facts } = read('workflow_job', payload)!;
    expect(facts.run).toMatchObject({
      provider: 'github-actions',
      externalId: String(job.run_id),
      url: `${payload.repository.html_url}/actions/runs/${job.run_id}`,
      commit: job.head_sha,
    });
    expect(facts.run!.status).toBeUndefined();
    expect(facts.stage).toEqual({
      key: `job:${job.id}`,
      name: 'lint',
      jobName: 'linters',
      status: 'failed',
      startedAt: new Date(job.started_at).toISOString(),
      finishedAt: new Date(job.completed_at).toISOString(),
      url: job.html_url,
    });
    expect(facts.occurredAt).toBe(new Date(job.completed_at).toISOString());
  });

  it('keeps a re-run attempt apart from the first attempt', () => {
    const payload = githubExamples('workflow_run')[1];
    payload.workflow_run.run_attempt = 2;
    expect(read('workflow_run', payload)!.facts.run!.externalId).toBe(
      `${payload.workflow_run.id}#2`,
    );
  });

  it('reads a pull request with its author, head and state', () => {
    const opened = githubExamples('pull_request').find(
      e => e.action === 'opened',
    )!;
    const pr = opened.pull_request;
    expect(read('pull_request', opened)!.facts).toEqual({
      occurredAt: new Date(pr.updated_at).toISOString(),
      pullRequest: {
        number: pr.number,
        title: pr.title,
        state: 'open',
        author: pr.user.login,
        url: pr.html_url,
        headCommit: pr.head.sha,
        headBranch: pr.head.ref,
      },
    });
    const closed = githubExamples('pull_request').find(
      e => e.action === 'closed',
    )!;
    expect(read('pull_request', closed)!.facts.pullRequest!.state).toBe(
      'closed',
    );
    closed.pull_request.merged = true;
    expect(read('pull_request', closed)!.facts.pullRequest!.state).toBe(
      'merged',
    );
  });

  it('reads check suites and runs of other CI apps, and skips those of GitHub Actions', () => {
    const suite = githubExamples('check_suite').find(
      e =>
        e.action === 'completed' &&
        e.check_suite.app?.slug !== 'github-actions',
    )!;
    expect(read('check_suite', suite)!.facts.run).toMatchObject({
      provider: 'github-checks',
      externalId: `check-suite:${suite.check_suite.id}`,
      status: 'succeeded',
      pullRequest: suite.check_suite.pull_requests[0].number,
    });
    const actionsSuite = githubExamples('check_suite').find(
      e => e.check_suite.app?.slug === 'github-actions',
    )!;
    expect(read('check_suite', actionsSuite)).toBeUndefined();

    const check = githubExamples('check_run').find(
      e =>
        e.check_run.name === 'Octocoders-linter' &&
        e.check_run.app?.slug !== 'github-actions' &&
        e.check_run.status === 'completed' &&
        e.check_run.conclusion === 'success',
    )!;
    expect(read('check_run', check)!.facts.stage).toMatchObject({
      key: `check-run:${check.check_run.id}`,
      name: 'lint',
      jobName: 'Octocoders-linter',
      status: 'succeeded',
    });
  });

  it('reads a commit status as a stage named after its context', () => {
    const payload = githubExamples('status')[0];
    payload.context = 'ci/circleci: unit-tests';
    const { facts } = read('status', payload)!;
    expect(facts.run).toMatchObject({
      provider: 'github-status',
      externalId: `status:${payload.sha}`,
      commit: payload.sha,
    });
    expect(facts.stage).toMatchObject({
      key: 'status:ci/circleci: unit-tests',
      name: 'test',
      status: 'succeeded',
    });
  });

  it('reads a deployment status as a deploy stage, with a preview URL only for preview environments', () => {
    const payload = githubExamples('deployment_status').find(
      e => e.workflow_run,
    )!;
    payload.deployment_status.state = 'success';
    payload.deployment_status.environment = 'pr-42';
    payload.deployment_status.environment_url =
      'https://pr-42.preview.acme.dev';
    const { facts } = read('deployment_status', payload)!;
    expect(facts.run).toMatchObject({
      provider: 'github-actions',
      externalId: String(payload.workflow_run.id),
      pullRequest: 42,
    });
    expect(facts.stage).toMatchObject({
      key: `job:${payload.check_run.id}`,
      name: 'deploy',
      status: 'succeeded',
      previewUrl: 'https://pr-42.preview.acme.dev',
    });

    const production = githubExamples('deployment_status').find(
      e => !e.workflow_run,
    )!;
    production.deployment_status.environment_url = 'https://payments.acme.dev';
    const prod = read('deployment_status', production)!.facts;
    expect(prod.run).toMatchObject({
      provider: 'github-deployments',
      externalId: `deployment:${production.deployment.id}`,
      name: 'Deploy to production',
    });
    expect(prod.stage).toMatchObject({
      key: `deployment:${production.deployment.id}`,
      jobName: 'deploy production',
    });
    expect(prod.stage!.previewUrl).toBeUndefined();
  });

  it('reads a push as branch and commit only', () => {
    const payload = githubExamples('push')[0];
    expect(read('push', payload)!.facts).toEqual({
      occurredAt: new Date(payload.repository.pushed_at * 1000).toISOString(),
      push: { branch: payload.ref, commit: payload.after },
    });
  });

  it('reads nothing from events it does not know', () => {
    expect(read('issues', githubExamples('issues')[0])).toBeUndefined();
    expect(read('workflow_run', 'not an object')).toBeUndefined();
  });

  it('maps GitHub conclusions to build statuses', () => {
    expect(githubRunStatus('completed', 'timed_out')).toBe('failed');
    expect(githubRunStatus('completed', 'startup_failure')).toBe('failed');
    expect(githubRunStatus('completed', 'stale')).toBe('cancelled');
    expect(githubRunStatus('completed', 'action_required')).toBe('queued');
    expect(githubRunStatus('waiting', null)).toBe('queued');
  });
});
