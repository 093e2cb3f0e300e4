#!/usr/bin/env node
/*
 * Replays the GitHub webhooks of one pull request against a running portal,
 * signed like GitHub signs them, so the Build HUD fills in live:
 *
 *   pull_request opened
 *   → workflow_run requested → in_progress
 *   → workflow_job in_progress/completed for lint, unit tests, build, Trivy
 *     scan, cosign sign, conftest policy, deploy (preview) and e2e
 *   → workflow_run completed
 *   → deployment_status success with the preview URL
 *
 * Usage (portal started with `npm start`):
 *
 *   node examples/hud/replay-pr.mjs [--url http://localhost:7007/api/events/http/github]
 *     [--secret maestro-demo-webhook-secret] [--delay 700] [--pr 42]
 *     [--repository acme/payments-api] [--fail-stage scan]
 *
 * It also exports replayPullRequest() for tests. No dependencies: the
 * signature is GitHub's documented X-Hub-Signature-256, an HMAC-SHA256 of the
 * body with the webhook secret.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';

/** The secret app-config.yaml configures locally (events.modules.github.webhookSecret). */
export const DEMO_WEBHOOK_SECRET = 'maestro-demo-webhook-secret';
export const DEFAULT_URL = 'http://localhost:7007/api/events/http/github';

/** `sha256=<hex>`: what GitHub sends in X-Hub-Signature-256. */
export function signPayload(secret, body) {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

const JOBS = [
  { name: 'Lint', seconds: 25 },
  { name: 'Unit tests', seconds: 95 },
  { name: 'Build image', seconds: 140 },
  { name: 'Trivy scan', seconds: 40 },
  { name: 'Cosign sign', seconds: 12 },
  { name: 'Conftest policy', seconds: 8 },
  { name: 'Deploy preview', seconds: 55 },
  { name: 'E2E (Playwright)', seconds: 120 },
];

/**
 * The deliveries of one pull request, oldest first: `{ event, payload }`,
 * shaped like GitHub's payloads (the fields GitHub sends that Maestro and a
 * reader need, not every field).
 */
export function pullRequestEvents(options = {}) {
  const repository = options.repository ?? 'acme/payments-api';
  const number = options.number ?? 42;
  const failStage = options.failStage;
  // Times end about now: the replay shows a run that just happened.
  const start = options.start ?? new Date(Date.now() - 10 * 60 * 1000);
  const [owner, name] = repository.split('/');
  const htmlUrl = `https://github.com/${repository}`;
  const at = seconds => new Date(start.getTime() + seconds * 1000);
  const iso = seconds =>
    at(seconds)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  const seed = start.getTime();
  const runId = 10_000_000_000 + (seed % 1_000_000_000);
  const headSha = createHmac('sha1', 'replay')
    .update(String(seed))
    .digest('hex');
  const branch = 'feature/retry-card-captures';
  const repo = {
    id: 712_004_117,
    node_id: 'R_kgDOKnAfFQ',
    name,
    full_name: repository,
    private: true,
    owner: { login: owner, id: 98_211_774, type: 'Organization' },
    html_url: htmlUrl,
    url: `https://api.github.com/repos/${repository}`,
    default_branch: 'main',
  };
  const sender = { login: 'ada-lovelace', id: 5_811_203, type: 'User' };
  const prRef = {
    url: `https://api.github.com/repos/${repository}/pulls/${number}`,
    id: 1_780_000_000 + number,
    number,
    head: {
      ref: branch,
      sha: headSha,
      repo: { id: repo.id, url: repo.url, name },
    },
    base: {
      ref: 'main',
      sha: '0e1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d5',
      repo: { id: repo.id, url: repo.url, name },
    },
  };
  const workflow = {
    id: 77_120_431,
    name: 'CI',
    path: '.github/workflows/ci.yml',
  };

  const run = (seconds, status, conclusion) => ({
    id: runId,
    name: 'CI',
    node_id: `WFR_${runId}`,
    head_branch: branch,
    head_sha: headSha,
    path: workflow.path,
    run_number: 318,
    event: 'pull_request',
    status,
    conclusion,
    workflow_id: workflow.id,
    check_suite_id: runId + 7,
    url: `https://api.github.com/repos/${repository}/actions/runs/${runId}`,
    html_url: `${htmlUrl}/actions/runs/${runId}`,
    pull_requests: [prRef],
    created_at: iso(5),
    updated_at: iso(seconds),
    run_attempt: 1,
    run_started_at: iso(5),
    jobs_url: `https://api.github.com/repos/${repository}/actions/runs/${runId}/jobs`,
    head_commit: {
      id: headSha,
      message: 'Retry card captures on gateway timeouts',
      timestamp: iso(-60),
      author: { name: 'Ada Lovelace', email: 'ada@acme.dev' },
    },
    repository: repo,
    head_repository: repo,
  });

  const events = [];
  events.push({
    event: 'pull_request',
    payload: {
      action: 'opened',
      number,
      pull_request: {
        ...prRef,
        html_url: `${htmlUrl}/pull/${number}`,
        state: 'open',
        title: 'Retry card captures on gateway timeouts',
        user: sender,
        body: 'Captures that time out at the gateway are retried with the same idempotency key.',
        created_at: iso(0),
        updated_at: iso(0),
        draft: false,
        merged: false,
        merged_at: null,
      },
      repository: repo,
      sender,
    },
  });
  events.push({
    event: 'workflow_run',
    payload: {
      action: 'requested',
      workflow_run: run(5, 'queued', null),
      workflow,
      repository: repo,
      sender,
    },
  });
  events.push({
    event: 'workflow_run',
    payload: {
      action: 'in_progress',
      workflow_run: run(10, 'in_progress', null),
      workflow,
      repository: repo,
      sender,
    },
  });

  let clock = 12;
  let failed = false;
  let deployJobId;
  JOBS.forEach((job, index) => {
    const jobId = runId * 10 + index + 1;
    if (job.name.startsWith('Deploy')) deployJobId = jobId;
    const skipped = failed;
    const fails =
      !skipped &&
      failStage !== undefined &&
      job.name.toLowerCase().includes(failStage);
    const started = clock;
    const finished = skipped ? started : started + job.seconds;
    const workflowJob = (status, conclusion, completedAt) => ({
      id: jobId,
      run_id: runId,
      run_url: `https://api.github.com/repos/${repository}/actions/runs/${runId}`,
      run_attempt: 1,
      node_id: `CR_${jobId}`,
      head_sha: headSha,
      head_branch: branch,
      url: `https://api.github.com/repos/${repository}/actions/jobs/${jobId}`,
      html_url: `${htmlUrl}/actions/runs/${runId}/job/${jobId}`,
      status,
      conclusion,
      created_at: iso(started - 1),
      started_at: iso(started),
      completed_at: completedAt,
      name: job.name,
      steps: [],
      check_run_url: `https://api.github.com/repos/${repository}/check-runs/${jobId}`,
      labels: ['ubuntu-latest'],
      runner_name:
        status === 'completed' && skipped
          ? null
          : `GitHub Actions ${index + 3}`,
      workflow_name: 'CI',
    });
    if (!skipped) {
      events.push({
        event: 'workflow_job',
        payload: {
          action: 'in_progress',
          workflow_job: workflowJob('in_progress', null, null),
          repository: repo,
          sender,
        },
      });
    }
    events.push({
      event: 'workflow_job',
      payload: {
        action: 'completed',
        workflow_job: workflowJob(
          'completed',
          skipped ? 'skipped' : fails ? 'failure' : 'success',
          iso(finished),
        ),
        repository: repo,
        sender,
      },
    });
    failed = failed || fails;
    clock = finished + 2;
  });

  events.push({
    event: 'workflow_run',
    payload: {
      action: 'completed',
      workflow_run: run(clock, 'completed', failed ? 'failure' : 'success'),
      workflow,
      repository: repo,
      sender,
    },
  });
  if (!failed) {
    const deploymentId = runId + 3;
    const environment = `pr-${number}`;
    events.push({
      event: 'deployment_status',
      payload: {
        action: 'created',
        deployment_status: {
          id: deploymentId * 10,
          state: 'success',
          environment,
          environment_url: `https://pr-${number}.${name}.preview.acme.dev`,
          log_url: `${htmlUrl}/actions/runs/${runId}/job/${deployJobId}`,
          target_url: `${htmlUrl}/actions/runs/${runId}/job/${deployJobId}`,
          description: 'Preview deployed',
          creator: {
            login: 'github-actions[bot]',
            id: 41_898_282,
            type: 'Bot',
          },
          created_at: iso(clock),
          updated_at: iso(clock),
        },
        deployment: {
          id: deploymentId,
          sha: headSha,
          ref: branch,
          task: 'deploy',
          environment,
          original_environment: environment,
          transient_environment: true,
          production_environment: false,
          payload: {},
          created_at: iso(clock - 60),
          updated_at: iso(clock),
        },
        check_run: {
          id: deployJobId,
          name: 'Deploy preview',
          status: 'completed',
          conclusion: 'success',
        },
        workflow_run: run(clock, 'completed', 'success'),
        workflow,
        repository: repo,
        sender,
      },
    });
  }
  return events;
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Posts each delivery, signed, to the events backend's GitHub endpoint, with
 * `delayMs` between them. Resolves to what each delivery got back; rejects on
 * the first delivery that is not accepted (202).
 */
export async function replayPullRequest(options = {}) {
  const url = options.url ?? DEFAULT_URL;
  const secret = options.secret ?? DEMO_WEBHOOK_SECRET;
  const delayMs = options.delayMs ?? 700;
  const log = options.log ?? (() => {});
  const results = [];
  const events = pullRequestEvents(options);
  for (const [index, { event, payload }] of events.entries()) {
    if (index > 0 && delayMs > 0) await sleep(delayMs);
    const body = JSON.stringify(payload);
    const delivery = randomUUID();
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'GitHub-Hookshot/replay',
        'x-github-event': event,
        'x-github-delivery': delivery,
        'x-github-hook-id': '478201934',
        'x-hub-signature-256': signPayload(secret, body),
      },
      body,
    });
    const name = payload.workflow_job?.name ?? '';
    log(`${response.status} ${event}.${payload.action} ${name}`.trim());
    results.push({
      event,
      action: payload.action,
      delivery,
      status: response.status,
    });
    if (response.status !== 202) {
      throw new Error(
        `${event}.${payload.action} was refused with ${
          response.status
        }: ${await response.text()}`,
      );
    }
  }
  return results;
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    switch (flag) {
      case '--url':
        options.url = value;
        break;
      case '--secret':
        options.secret = value;
        break;
      case '--delay':
        options.delayMs = Number(value);
        break;
      case '--pr':
        options.number = Number(value);
        break;
      case '--repository':
        options.repository = value;
        break;
      case '--fail-stage':
        options.failStage = value.toLowerCase();
        break;
      default:
        throw new Error(`Unknown option ${flag}`);
    }
  }
  return options;
}

if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href
) {
  const options = parseArgs(process.argv.slice(2));
  replayPullRequest({ ...options, log: line => console.log(line) })
    .then(results =>
      console.log(
        `Replayed ${results.length} deliveries of PR #${
          options.number ?? 42
        } (${
          options.repository ?? 'acme/payments-api'
        }); open the entity's Builds tab to see them.`,
      ),
    )
    .catch(error => {
      console.error(String(error));
      process.exitCode = 1;
    });
}
