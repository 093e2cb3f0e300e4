/*
 * GitHub webhook payloads → HUD facts.
 *
 * - workflow_run: the run (GitHub Actions); a re-run attempt is a run of its
 *   own (`<id>#<attempt>`), so a green re-run does not erase the red first try.
 * - workflow_job: a stage of its run (`job:<id>`), named by stageNameOf.
 * - check_suite / check_run: runs and stages of other CI apps. Those of the
 *   GitHub Actions app are skipped: workflow_run/workflow_job describe the
 *   same work with more detail, and reading both would show every job twice.
 * - status (commit status): a stage per context of a run per commit.
 * - deployment / deployment_status: a deploy stage, in the workflow run that
 *   created the deployment when there is one (the stage of the job whose
 *   check run the payload names); an environment that looks like
 *   a preview (`pr-123`, `preview…`) gives its environment_url as preview URL
 *   and, for `pr-<n>`, the pull request.
 * - pull_request: title, state (merged when merged), author, URL, head.
 * - push: kept as an event (branch and commit), folds into nothing.
 *
 * Times come from the payload (`updated_at`, `completed_at`, …), never from
 * arrival, so events folded out of order end in the right state.
 */
import { BuildStatus } from '@maestro-conductor/backstage-plugin-maestro-common';
import { stageNameOf } from '../stageNames';
import {
  HudEventDraft,
  HudEventFacts,
  RunFacts,
  StageFacts,
} from '../../types';

/** The webhook events Maestro reads, as `github.<event>` topics. */
export const GITHUB_HUD_EVENTS = [
  'workflow_run',
  'workflow_job',
  'check_run',
  'check_suite',
  'pull_request',
  'push',
  'deployment',
  'deployment_status',
  'status',
] as const;

type Json = Record<string, any>;

export type GithubReadOptions = {
  /** Environments whose deployments are previews. */
  previewEnvironment: RegExp;
};

/** ISO 8601 with milliseconds, from an ISO string or epoch seconds. */
function isoTime(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const date =
    typeof value === 'number'
      ? new Date(value * 1000)
      : new Date(String(value));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function latestTime(...values: unknown[]): string | undefined {
  return values
    .map(isoTime)
    .filter((t): t is string => t !== undefined)
    .sort()
    .pop();
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function positiveInt(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Workflow runs, jobs, check suites and check runs share status/conclusion. */
export function githubRunStatus(
  status: unknown,
  conclusion: unknown,
): BuildStatus {
  if (status === 'completed') {
    switch (conclusion) {
      case 'success':
      case 'neutral':
        return 'succeeded';
      case 'cancelled':
      case 'stale':
        return 'cancelled';
      case 'skipped':
        return 'skipped';
      // Waiting for someone to approve the run: not finished.
      case 'action_required':
        return 'queued';
      default:
        return 'failed';
    }
  }
  return status === 'in_progress' ? 'running' : 'queued';
}

/** Commit statuses and deployment statuses. */
function githubStateStatus(state: unknown): BuildStatus | undefined {
  switch (state) {
    case 'pending':
    case 'queued':
    case 'waiting':
      return 'queued';
    case 'in_progress':
      return 'running';
    case 'success':
      return 'succeeded';
    case 'failure':
    case 'error':
      return 'failed';
    default:
      // `inactive`: superseded by a newer deployment; says nothing new.
      return undefined;
  }
}

const started = (status: BuildStatus) => status !== 'queued';
const finished = (status: BuildStatus) =>
  status !== 'queued' && status !== 'running';

function workflowRunId(id: unknown, attempt: unknown): string {
  const n = positiveInt(attempt) ?? 1;
  return n > 1 ? `${id}#${n}` : String(id);
}

function branchOf(ref: unknown): string | undefined {
  const value = str(ref);
  return value?.replace(/^refs\/heads\//, '');
}

function fromWorkflowRun(payload: Json): HudEventFacts | undefined {
  const run: Json = payload.workflow_run ?? {};
  if (run.id === undefined) return undefined;
  const status = githubRunStatus(run.status, run.conclusion);
  const occurredAt = isoTime(run.updated_at) ?? isoTime(run.created_at);
  if (!occurredAt) return undefined;
  return {
    occurredAt,
    run: {
      provider: 'github-actions',
      externalId: workflowRunId(run.id, run.run_attempt),
      name: str(run.name) ?? str(payload.workflow?.name),
      url: str(run.html_url),
      pullRequest: positiveInt(run.pull_requests?.[0]?.number),
      commit: str(run.head_sha),
      branch: str(run.head_branch),
      status,
      startedAt: started(status)
        ? isoTime(run.run_started_at) ?? isoTime(run.created_at)
        : undefined,
      finishedAt: finished(status) ? isoTime(run.updated_at) : undefined,
    },
  };
}

function fromWorkflowJob(payload: Json): HudEventFacts | undefined {
  const job: Json = payload.workflow_job ?? {};
  if (job.id === undefined || job.run_id === undefined) return undefined;
  const status = githubRunStatus(job.status, job.conclusion);
  const occurredAt = latestTime(
    job.completed_at,
    job.started_at,
    job.created_at,
  );
  if (!occurredAt) return undefined;
  const repositoryUrl = str(payload.repository?.html_url);
  const name = str(job.name) ?? `job ${job.id}`;
  return {
    occurredAt,
    run: {
      provider: 'github-actions',
      externalId: workflowRunId(job.run_id, job.run_attempt),
      name: str(job.workflow_name),
      url: repositoryUrl && `${repositoryUrl}/actions/runs/${job.run_id}`,
      commit: str(job.head_sha),
      branch: str(job.head_branch),
    },
    stage: {
      key: `job:${job.id}`,
      name: stageNameOf(name),
      jobName: name,
      status,
      startedAt: started(status) ? isoTime(job.started_at) : undefined,
      finishedAt: finished(status) ? isoTime(job.completed_at) : undefined,
      url: str(job.html_url),
    },
  };
}

const isGithubActions = (app: Json | undefined) =>
  app?.slug === 'github-actions';

function checkProvider(app: Json | undefined): string {
  return (str(app?.slug) ?? 'github-checks').slice(0, 64);
}

function fromCheckSuite(payload: Json): HudEventFacts | undefined {
  const suite: Json = payload.check_suite ?? {};
  if (suite.id === undefined || isGithubActions(suite.app)) return undefined;
  const status = githubRunStatus(suite.status, suite.conclusion);
  const occurredAt = isoTime(suite.updated_at) ?? isoTime(suite.created_at);
  if (!occurredAt) return undefined;
  return {
    occurredAt,
    run: {
      provider: checkProvider(suite.app),
      externalId: `check-suite:${suite.id}`,
      name: str(suite.app?.name),
      pullRequest: positiveInt(suite.pull_requests?.[0]?.number),
      commit: str(suite.head_sha),
      branch: str(suite.head_branch),
      status,
      startedAt: started(status) ? isoTime(suite.created_at) : undefined,
      finishedAt: finished(status) ? isoTime(suite.updated_at) : undefined,
    },
  };
}

function fromCheckRun(payload: Json): HudEventFacts | undefined {
  const check: Json = payload.check_run ?? {};
  const suite: Json = check.check_suite ?? {};
  const app = check.app ?? suite.app;
  if (
    check.id === undefined ||
    suite.id === undefined ||
    isGithubActions(app)
  ) {
    return undefined;
  }
  const status = githubRunStatus(check.status, check.conclusion);
  const occurredAt = latestTime(check.completed_at, check.started_at);
  if (!occurredAt) return undefined;
  const name = str(check.name) ?? `check ${check.id}`;
  return {
    occurredAt,
    run: {
      provider: checkProvider(app),
      externalId: `check-suite:${suite.id}`,
      name: str(app?.name),
      pullRequest: positiveInt(
        check.pull_requests?.[0]?.number ?? suite.pull_requests?.[0]?.number,
      ),
      commit: str(check.head_sha) ?? str(suite.head_sha),
      branch: str(suite.head_branch),
    },
    stage: {
      key: `check-run:${check.id}`,
      name: stageNameOf(name),
      jobName: name,
      status,
      startedAt: started(status) ? isoTime(check.started_at) : undefined,
      finishedAt: finished(status) ? isoTime(check.completed_at) : undefined,
      url: str(check.html_url) ?? str(check.details_url),
    },
  };
}

function fromCommitStatus(payload: Json): HudEventFacts | undefined {
  const status = githubStateStatus(payload.state);
  const context = str(payload.context);
  const occurredAt = isoTime(payload.updated_at) ?? isoTime(payload.created_at);
  if (!status || !context || !str(payload.sha) || !occurredAt) return undefined;
  const branches: Json[] = Array.isArray(payload.branches)
    ? payload.branches
    : [];
  return {
    occurredAt,
    run: {
      provider: 'github-status',
      externalId: `status:${payload.sha}`,
      name: 'Commit statuses',
      commit: payload.sha,
      branch: branches.length === 1 ? str(branches[0].name) : undefined,
    },
    stage: {
      key: `status:${context}`.slice(0, 255),
      name: stageNameOf(context),
      jobName: context,
      status,
      startedAt: isoTime(payload.created_at),
      finishedAt: finished(status) ? occurredAt : undefined,
      url: str(payload.target_url),
    },
  };
}

function fromPullRequest(payload: Json): HudEventFacts | undefined {
  const pr: Json = payload.pull_request ?? {};
  const number = positiveInt(pr.number ?? payload.number);
  const occurredAt = isoTime(pr.updated_at) ?? isoTime(pr.created_at);
  if (!number || !occurredAt) return undefined;
  let state: 'open' | 'closed' | 'merged' | undefined;
  if (pr.merged === true || pr.merged_at) state = 'merged';
  else if (pr.state === 'open' || pr.state === 'closed') state = pr.state;
  return {
    occurredAt,
    pullRequest: {
      number,
      title: str(pr.title),
      state,
      author: str(pr.user?.login),
      url: str(pr.html_url),
      headCommit: str(pr.head?.sha),
      headBranch: str(pr.head?.ref),
    },
  };
}

function fromPush(payload: Json): HudEventFacts | undefined {
  const occurredAt =
    isoTime(payload.repository?.pushed_at) ??
    isoTime(payload.head_commit?.timestamp);
  if (!occurredAt) return undefined;
  return {
    occurredAt,
    push: { branch: branchOf(payload.ref), commit: str(payload.after) },
  };
}

function deploymentRun(payload: Json, environment: string | undefined) {
  const deployment: Json = payload.deployment;
  const prFromEnvironment = positiveInt(
    /(?:^|\W)pr-?(\d+)/i.exec(environment ?? '')?.[1],
  );
  const workflowRun: Json | undefined = payload.workflow_run;
  const run: RunFacts = workflowRun?.id
    ? {
        provider: 'github-actions',
        externalId: workflowRunId(workflowRun.id, workflowRun.run_attempt),
        commit: str(workflowRun.head_sha),
        branch: str(workflowRun.head_branch),
        pullRequest:
          positiveInt(workflowRun.pull_requests?.[0]?.number) ??
          prFromEnvironment,
      }
    : {
        provider: 'github-deployments',
        externalId: `deployment:${deployment.id}`,
        name: environment ? `Deploy to ${environment}` : 'Deployment',
        commit: str(deployment.sha),
        branch: branchOf(deployment.ref),
        pullRequest: prFromEnvironment,
      };
  return run;
}

function fromDeployment(
  payload: Json,
  options: GithubReadOptions,
): HudEventFacts | undefined {
  const deployment: Json | undefined = payload.deployment;
  if (!deployment?.id) return undefined;
  const deploymentStatus: Json | undefined = payload.deployment_status;
  const environment =
    str(deploymentStatus?.environment) ?? str(deployment.environment);
  let status: BuildStatus | undefined = 'queued';
  let occurredAt =
    isoTime(deployment.updated_at) ?? isoTime(deployment.created_at);
  let stage: Partial<StageFacts> = {};
  if (deploymentStatus) {
    status = githubStateStatus(deploymentStatus.state);
    occurredAt =
      isoTime(deploymentStatus.updated_at) ??
      isoTime(deploymentStatus.created_at);
    const preview =
      environment !== undefined && options.previewEnvironment.test(environment);
    stage = {
      startedAt: status === 'running' ? occurredAt : undefined,
      finishedAt: status && finished(status) ? occurredAt : undefined,
      url: str(deploymentStatus.log_url) ?? str(deploymentStatus.target_url),
      previewUrl: preview ? str(deploymentStatus.environment_url) : undefined,
    };
  }
  if (!status || !occurredAt) return undefined;
  // A deployment made by a GitHub Actions job names the job's check run,
  // whose id is the job's id: the deployment is that job's stage.
  const jobId = payload.workflow_run?.id ? payload.check_run?.id : undefined;
  return {
    occurredAt,
    run: deploymentRun(payload, environment),
    stage: {
      ...stage,
      key: jobId ? `job:${jobId}` : `deployment:${deployment.id}`,
      name: 'deploy',
      ...(!jobId && {
        jobName: environment ? `deploy ${environment}` : 'deploy',
      }),
      status,
    },
  };
}

/**
 * The HUD draft of a webhook delivery, or undefined when the event says
 * nothing the HUD shows (an action of another CI's check suite, an inactive
 * deployment status, a payload without the fields it needs).
 */
export function readGithubEvent(
  eventName: string,
  payload: unknown,
  deliveryId: string,
  options: GithubReadOptions,
): HudEventDraft | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  const body = payload as Json;
  let facts: HudEventFacts | undefined;
  switch (eventName) {
    case 'workflow_run':
      facts = fromWorkflowRun(body);
      break;
    case 'workflow_job':
      facts = fromWorkflowJob(body);
      break;
    case 'check_suite':
      facts = fromCheckSuite(body);
      break;
    case 'check_run':
      facts = fromCheckRun(body);
      break;
    case 'status':
      facts = fromCommitStatus(body);
      break;
    case 'pull_request':
      facts = fromPullRequest(body);
      break;
    case 'push':
      facts = fromPush(body);
      break;
    case 'deployment':
    case 'deployment_status':
      facts = fromDeployment(body, options);
      break;
    default:
      facts = undefined;
  }
  if (!facts) return undefined;
  const action = str(body.action);
  return {
    source: 'github',
    origin: 'github',
    deliveryId,
    type: action ? `${eventName}.${action}` : eventName,
    payload,
    facts,
    correlation: { repository: str(body.repository?.full_name) },
  };
}
