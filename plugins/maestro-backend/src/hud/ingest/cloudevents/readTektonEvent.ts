/*
 * Tekton Pipelines' CloudEvents → HUD facts.
 *
 * Tekton sends `dev.tekton.event.{pipelinerun,taskrun}.{started,running,
 * successful,failed,unknown}.v1` with `data.pipelineRun` / `data.taskRun`:
 * the run object as the controller saw it (metadata, status.conditions,
 * startTime, completionTime, results). A PipelineRun is a run
 * (`<namespace>/<name>`); a TaskRun is a stage of the PipelineRun named by
 * its `tekton.dev/pipelineRun` label, named after its `tekton.dev/pipelineTask`.
 *
 * What Tekton does not know, the PipelineRun says in annotations (Tekton
 * copies a PipelineRun's labels and annotations to its TaskRuns):
 *
 *   maestro.io/entity-ref     component:default/payments-api
 *   maestro.io/repository     acme/payments-api (or its URL)
 *   maestro.io/pull-request   42
 *   maestro.io/commit         <sha>
 *   maestro.io/branch         feature/retry
 *   maestro.io/run-url        link to the run (Tekton Dashboard, OpenShift console)
 *
 * Pipelines-as-Code's own labels and annotations are read when the Maestro
 * ones are absent: pipelinesascode.tekton.dev/sha, /pull-request,
 * /url-org + /url-repository (or /repo-url), /source-branch (or /branch).
 * A result named IMAGE_DIGEST (Tekton Chains' convention, `sha256:…`) is the
 * image the run built; a result PREVIEW_URL is a preview environment.
 * Without an entity ref or repository, the `tekton.dev/pipeline` label is
 * matched against the entity annotation `maestro.io/tekton-pipeline`.
 */
import { InputError } from '@backstage/errors';
import { BuildStatus } from '@maestro-conductor/backstage-plugin-maestro-common';
import { stageNameOf } from '../stageNames';
import { HudEventDraft, RunFacts } from '../../types';
import { CloudEvent } from './readCloudEvent';

export const TEKTON_RUN_ANNOTATIONS = {
  entityRef: 'maestro.io/entity-ref',
  repository: 'maestro.io/repository',
  pullRequest: 'maestro.io/pull-request',
  commit: 'maestro.io/commit',
  branch: 'maestro.io/branch',
  runUrl: 'maestro.io/run-url',
} as const;

const PAC = 'pipelinesascode.tekton.dev';

const TEKTON_TYPE =
  /^dev\.tekton\.event\.(pipelinerun|taskrun)\.(started|running|successful|failed|unknown)\.v1$/;

const CANCELLED_REASONS = new Set([
  'Cancelled',
  'CancelledRunFinally',
  'StoppedRunFinally',
  'PipelineRunCancelled',
  'TaskRunCancelled',
]);

type Json = Record<string, any>;

function isoTime(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : undefined;
}

function status(phase: string, condition: Json | undefined): BuildStatus {
  switch (phase) {
    case 'successful':
      return 'succeeded';
    case 'failed':
      return CANCELLED_REASONS.has(condition?.reason) ? 'cancelled' : 'failed';
    default:
      return /pending/i.test(String(condition?.reason ?? ''))
        ? 'queued'
        : 'running';
  }
}

/** Results of a v1beta1 (pipelineResults/taskResults) or v1 (results) object. */
function result(runStatus: Json, name: string): string | undefined {
  const results: Json[] = [
    ...(runStatus.results ?? []),
    ...(runStatus.pipelineResults ?? []),
    ...(runStatus.taskResults ?? []),
  ];
  const found = results.find(
    r => r?.name === name || String(r?.name ?? '').endsWith(`_${name}`),
  );
  return str(found?.value);
}

function pullRequestNumber(value: string | undefined): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** The HUD draft of a Tekton CloudEvent; InputError (400) for anything else. */
export function readTektonEvent(event: CloudEvent): HudEventDraft {
  const match = TEKTON_TYPE.exec(event.type);
  if (!match) {
    throw new InputError(
      `Unsupported CloudEvent type ${event.type}: Maestro reads Tekton's dev.tekton.event.pipelinerun.*.v1 and dev.tekton.event.taskrun.*.v1`,
    );
  }
  const [, kind, phase] = match;
  const field = kind === 'pipelinerun' ? 'pipelineRun' : 'taskRun';
  const object = event.data[field];
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    throw new InputError(
      `Invalid CloudEvent: ${event.type} needs data.${field} (the ${
        kind === 'pipelinerun' ? 'PipelineRun' : 'TaskRun'
      } object)`,
    );
  }
  const run = object as Json;
  const metadata: Json = run.metadata ?? {};
  const name = str(metadata.name);
  if (!name) {
    throw new InputError(
      `Invalid CloudEvent: data.${field}.metadata.name is missing`,
    );
  }
  const namespace = str(metadata.namespace) ?? 'default';
  const labels: Json = metadata.labels ?? {};
  const annotations: Json = metadata.annotations ?? {};
  const read = (key: string) => str(annotations[key]) ?? str(labels[key]);
  const runStatus: Json = run.status ?? {};
  const conditions: Json[] = Array.isArray(runStatus.conditions)
    ? runStatus.conditions
    : [];
  const condition =
    conditions.find(c => c?.type === 'Succeeded') ?? conditions[0];
  const buildStatus = status(phase, condition);
  const terminal = phase === 'successful' || phase === 'failed';
  const occurredAt =
    isoTime(event.time) ??
    isoTime(condition?.lastTransitionTime) ??
    isoTime(runStatus.completionTime) ??
    isoTime(runStatus.startTime) ??
    new Date().toISOString();

  const pacOrg = read(`${PAC}/url-org`);
  const pacRepository = read(`${PAC}/url-repository`);
  const repository =
    read(TEKTON_RUN_ANNOTATIONS.repository) ??
    (pacOrg && pacRepository ? `${pacOrg}/${pacRepository}` : undefined) ??
    read(`${PAC}/repo-url`);
  const pipeline = str(labels['tekton.dev/pipeline']);
  const pipelineRunName =
    kind === 'pipelinerun' ? name : str(labels['tekton.dev/pipelineRun']);

  const runFacts: RunFacts = {
    provider: 'tekton',
    externalId: `${namespace}/${pipelineRunName ?? name}`,
    name: pipeline ?? pipelineRunName ?? name,
    url: read(TEKTON_RUN_ANNOTATIONS.runUrl),
    pullRequest: pullRequestNumber(
      read(TEKTON_RUN_ANNOTATIONS.pullRequest) ?? read(`${PAC}/pull-request`),
    ),
    commit: read(TEKTON_RUN_ANNOTATIONS.commit) ?? read(`${PAC}/sha`),
    branch: (
      read(TEKTON_RUN_ANNOTATIONS.branch) ??
      read(`${PAC}/source-branch`) ??
      read(`${PAC}/branch`)
    )?.replace(/^refs\/heads\//, ''),
  };
  const startedAt =
    buildStatus === 'queued' ? undefined : isoTime(runStatus.startTime);
  const finishedAt = terminal ? isoTime(runStatus.completionTime) : undefined;
  const previewUrl = result(runStatus, 'PREVIEW_URL');
  const digest = result(runStatus, 'IMAGE_DIGEST');
  const imageDigest =
    digest && /^sha256:[a-f0-9]{64}$/.test(digest) ? digest : undefined;

  const draft: HudEventDraft = {
    source: 'cloudevents',
    origin: event.source,
    deliveryId: event.id,
    type: event.type,
    payload: event,
    facts: { occurredAt },
    correlation: {
      entityRef: read(TEKTON_RUN_ANNOTATIONS.entityRef),
      repository,
      tektonPipeline: pipeline,
    },
  };
  // A TaskRun outside any PipelineRun is a run of its own with one stage.
  if (kind === 'pipelinerun' || !pipelineRunName) {
    draft.facts.run = {
      ...runFacts,
      status: buildStatus,
      startedAt,
      finishedAt,
      imageDigest,
      previewUrl,
    };
  } else {
    draft.facts.run = { ...runFacts, imageDigest };
  }
  if (kind === 'taskrun') {
    const taskName =
      str(labels['tekton.dev/pipelineTask']) ??
      str(labels['tekton.dev/task']) ??
      name;
    draft.facts.stage = {
      key: `taskrun:${namespace}/${name}`,
      name: stageNameOf(taskName),
      jobName: taskName,
      status: buildStatus,
      startedAt,
      finishedAt,
      previewUrl,
    };
  }
  return draft;
}
