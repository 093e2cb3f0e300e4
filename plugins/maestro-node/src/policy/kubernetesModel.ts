/**
 * Turns manifest text (plain YAML or `helm template` output) into the
 * resource views Kubernetes rules see in CEL as `resource` (and, for set
 * rules, `resources` and `namespaces`). Workloads are normalized so every rule
 * reads the pod spec the same way whatever the controller kind, with the JSON
 * path prefix it lives at, so findings point into the original object.
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import { PolicyInputError, assertReadableText } from './errors';
import { parseImageReference } from './imageReference';

/** Where the pod spec sits for each controller kind. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  Rollout: ['spec', 'template', 'spec'], // argoproj.io/v1alpha1
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** Kinds whose `spec.replicas` (default 1) says how many pods run. */
const SCALABLE_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'ReplicaSet',
  'Rollout',
]);

/** Namespaces with this label or annotation set to "true", or named `preview-*`, are previews. */
export const PREVIEW_MARKER = 'maestro.io/preview';

export type ContainerView = {
  name: string;
  image: string;
  imageRef: { repository: string; tag: string; digest: string };
  /** JSON path of the container, e.g. `$.spec.template.spec.containers[0]`. */
  path: string;
  init: boolean;
  spec: Record<string, unknown>;
  /** Always a map (empty when absent), so rules can test fields with `has()`. */
  securityContext: Record<string, unknown>;
  limits: Record<string, unknown>;
  requests: Record<string, unknown>;
};

/** @alpha */
export type WorkloadView = {
  /** JSON path of the pod spec, e.g. `$.spec.jobTemplate.spec.template.spec`. */
  podPath: string;
  podSpec: Record<string, unknown>;
  hasPodSecurityContext: boolean;
  podSecurityContext: Record<string, unknown>;
  podLabels: Record<string, string>;
  /** JSON path of the pod labels, e.g. `$.spec.template.metadata.labels` (`$.metadata.labels` for a Pod). */
  podLabelsPath: string;
  /** Each volume with its JSON path, so `has(v.spec.hostPath)` can point at it. */
  volumes: Array<{ name: string; path: string; spec: Record<string, unknown> }>;
  containers: ContainerView[];
  /** Pods it runs; 0 for kinds without replicas (DaemonSet, Job). */
  replicas: number;
};

/** @alpha */
export type ResourceView = {
  /** Unique within one evaluation; set rules return it as `resourceKey`. */
  key: string;
  apiVersion: string;
  kind: string;
  name: string;
  /** As written; empty when absent. */
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  object: Record<string, unknown>;
  workload: WorkloadView | null;
  file: string;
  line?: number;
  template?: string;
  overlay?: string;
};

/** @alpha */
export type NamespaceView = {
  name: string;
  preview: boolean;
  workloads: ResourceView[];
  networkPolicies: ResourceView[];
  /** PodDisruptionBudgets, so set rules need not scan every resource per workload. */
  disruptionBudgets: ResourceView[];
  /** HorizontalPodAutoscalers, likewise. */
  autoscalers: ResourceView[];
};

/** @alpha */
export function parseManifests(
  file: string,
  content: string,
  helm: { chart: string; overlay?: string } | undefined,
  startKey: number,
): ResourceView[] {
  assertReadableText(file, content);
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(content, { lineCounter });
  const views: ResourceView[] = [];
  let previousEnd = 0;
  let sawObject = false;
  documents.forEach((document, index) => {
    const error = document.errors[0];
    if (error) {
      const where = error.linePos?.[0];
      throw new PolicyInputError(
        `${file}: malformed YAML in document ${index + 1}${
          where ? ` (line ${where.line})` : ''
        }: ${error.message.split('\n')[0]}`,
      );
    }
    const start = document.contents?.range?.[0] ?? document.range[0];
    const template = sourceComment(content.slice(previousEnd, start));
    previousEnd = document.range[2];
    const value = toPlainValue(document, file, index);
    if (value === null || value === undefined) return; // empty document
    sawObject = true;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new PolicyInputError(
        `${file}: document ${index + 1} is not a Kubernetes object`,
      );
    }
    const objects =
      value.kind === 'List' && Array.isArray(value.items)
        ? value.items
        : [value];
    for (const object of objects) {
      if (
        !object ||
        typeof object !== 'object' ||
        typeof object.kind !== 'string'
      ) {
        throw new PolicyInputError(
          `${file}: document ${index + 1} has no 'kind'`,
        );
      }
      views.push(
        toView(object, {
          key: `r${startKey + views.length}`,
          file,
          line: lineCounter.linePos(start).line,
          template,
          overlay: helm?.overlay,
        }),
      );
    }
  });
  // An empty manifest file is a mistake worth reporting (a wrong path, a
  // failed generator); Helm output may legitimately render nothing.
  if (!sawObject && !helm) {
    throw new PolicyInputError(
      `${file}: no Kubernetes objects to check (the file is empty or holds only comments)`,
    );
  }
  return views;
}

/** YAML to JS, refusing alias bombs ("billion laughs") with a PolicyInputError. */
function toPlainValue(
  document: ReturnType<typeof parseAllDocuments>[number],
  file: string,
  index: number,
): any {
  try {
    return document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new PolicyInputError(
      `${file}: document ${index + 1} could not be read: ${
        (error as Error).message
      }`,
    );
  }
}

/** `# Source: chart/templates/x.yaml`, written by `helm template` before each document. */
function sourceComment(text: string): string | undefined {
  const matches = [...text.matchAll(/^#\s*Source:\s*(\S+)\s*$/gm)];
  return matches.length ? matches[matches.length - 1][1] : undefined;
}

function toView(
  object: Record<string, any>,
  where: Pick<ResourceView, 'key' | 'file' | 'line' | 'template' | 'overlay'>,
): ResourceView {
  const metadata = asMap(object.metadata);
  return {
    ...where,
    apiVersion: String(object.apiVersion ?? ''),
    kind: object.kind,
    name: String(metadata.name ?? metadata.generateName ?? ''),
    namespace: String(metadata.namespace ?? ''),
    labels: asMap(metadata.labels),
    annotations: asMap(metadata.annotations),
    object,
    workload: toWorkload(object),
  };
}

function toWorkload(object: Record<string, any>): WorkloadView | null {
  const segments = POD_SPEC_PATHS[object.kind];
  if (!segments) return null;
  let podSpec: any = object;
  for (const segment of segments) podSpec = podSpec?.[segment];
  if (!podSpec || typeof podSpec !== 'object') return null; // e.g. a Rollout using workloadRef
  const podPath = `$.${segments.join('.')}`;
  const templateMetadata =
    object.kind === 'Pod'
      ? object.metadata
      : parentOf(object, segments)?.metadata;
  const containers = (['initContainers', 'containers'] as const).flatMap(
    field =>
      (Array.isArray(podSpec[field]) ? podSpec[field] : []).map(
        (container: any, index: number): ContainerView => {
          const spec = asMap(container);
          const image = String(spec.image ?? '');
          const { repository, tag, digest } = parseImageReference(image);
          return {
            name: String(spec.name ?? ''),
            image,
            imageRef: { repository, tag, digest },
            path: `${podPath}.${field}[${index}]`,
            init: field === 'initContainers',
            spec,
            securityContext: asMap(spec.securityContext),
            limits: asMap(asMap(spec.resources).limits),
            requests: asMap(asMap(spec.resources).requests),
          };
        },
      ),
  );
  let replicas = 0;
  if (SCALABLE_KINDS.has(object.kind)) {
    replicas = Number(object.spec?.replicas ?? 1);
  } else if (object.kind === 'Pod') {
    replicas = 1;
  }
  return {
    podPath,
    podSpec,
    hasPodSecurityContext:
      podSpec.securityContext !== undefined && podSpec.securityContext !== null,
    podSecurityContext: asMap(podSpec.securityContext),
    podLabels: asMap(asMap(templateMetadata).labels),
    podLabelsPath: `$.${[...segments.slice(0, -1), 'metadata', 'labels'].join(
      '.',
    )}`,
    volumes: (Array.isArray(podSpec.volumes) ? podSpec.volumes : []).map(
      (volume: unknown, index: number) => ({
        name: String(asMap(volume).name ?? ''),
        path: `${podPath}.volumes[${index}]`,
        spec: asMap(volume),
      }),
    ),
    containers,
    replicas: Number.isFinite(replicas) ? replicas : 1,
  };
}

/** The pod template holding the spec: `spec.template` for `spec.template.spec`. */
function parentOf(object: Record<string, any>, segments: string[]): any {
  let node: any = object;
  for (const segment of segments.slice(0, -1)) node = node?.[segment];
  return node;
}

function asMap(value: unknown): Record<string, any> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, any>)
    : {};
}

/** Groups resources by namespace for set rules; resources without one count as `default`. @alpha */
export function namespaceViews(resources: ResourceView[]): NamespaceView[] {
  const byName = new Map<string, NamespaceView>();
  const namespaceOf = (view: ResourceView) =>
    view.kind === 'Namespace' ? view.name : view.namespace || 'default';
  for (const view of resources) {
    const name = namespaceOf(view);
    const entry = byName.get(name) ?? {
      name,
      preview: name.startsWith('preview-'),
      workloads: [],
      networkPolicies: [],
      disruptionBudgets: [],
      autoscalers: [],
    };
    byName.set(name, entry);
    if (view.kind === 'Namespace') {
      entry.preview ||=
        view.labels[PREVIEW_MARKER] === 'true' ||
        view.annotations[PREVIEW_MARKER] === 'true';
    }
    if (view.workload) entry.workloads.push(view);
    if (view.kind === 'NetworkPolicy') entry.networkPolicies.push(view);
    if (view.kind === 'PodDisruptionBudget') entry.disruptionBudgets.push(view);
    if (view.kind === 'HorizontalPodAutoscaler') entry.autoscalers.push(view);
  }
  return [...byName.values()];
}
