/**
 * What `maestro:helm:create` generates a chart from: the action's raw input,
 * checked and completed with defaults. Every generator in this folder reads
 * only this spec, so the same spec always yields the same files.
 */
import { InputError } from '@backstage/errors';
import {
  DEFAULT_RELEASE_CHANNELS,
  explainInvalidImageRepository,
  isImageDigest,
} from '@maestro-conductor/backstage-plugin-maestro-common';

/** @public */
export const ROLLOUT_STRATEGIES = ['rolling', 'canary', 'blue-green'] as const;

/** @public */
export type RolloutStrategy = (typeof ROLLOUT_STRATEGIES)[number];

/**
 * Written when no digest is known yet. It names no image, so a pod started
 * from it stays in ImagePullBackOff instead of running something unreviewed;
 * promotion writes the real digest into the channel's overlay.
 */
export const PLACEHOLDER_DIGEST = `sha256:${'0'.repeat(64)}`;

/** Sizing class of a channel: decides replicas, resources and autoscaling. */
export type ChannelTier = 'dev' | 'staging' | 'prod';

export type ChannelSpec = {
  name: string;
  tier: ChannelTier;
  replicas: number;
  /** Staging and production scale on CPU; dev-sized channels run a fixed count. */
  autoscaled: boolean;
  /** Overlay file name inside the chart, `values-<name>.yaml`. */
  file: string;
};

export type HelmChartSpec = {
  name: string;
  image: string;
  digest: string;
  digestIsPlaceholder: boolean;
  port: number;
  strategy: RolloutStrategy;
  healthPath: string;
  readinessPath: string;
  channels: ChannelSpec[];
  previewTtlHours: number;
  prometheusAddress: string;
};

export type HelmCreateInput = {
  name: string;
  image: string;
  imageDigest?: string;
  port?: number;
  rolloutStrategy?: string;
  channels?: string[];
  healthPath?: string;
  readinessPath?: string;
  replicas?: Record<string, number>;
  previewTtlHours?: number;
};

export const PREVIEW_OVERLAY = 'values-preview.yaml';

/** Default Prometheus the analysis template queries (kube-prometheus-stack / prometheus chart in `monitoring`). */
export const DEFAULT_PROMETHEUS_ADDRESS =
  'http://prometheus-server.monitoring.svc.cluster.local:80';

// Fullnames are cut at 49 characters so suffixed names (`-default-deny`,
// `-success-rate`) stay within Kubernetes' 63; a preview release is
// `<name>-pr-<number>` and Helm release names stop at 53.
const MAX_NAME_LENGTH = 40;
const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const CHANNEL_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
// Unreserved URL characters and sub-delims, no quotes, braces or spaces:
// the path lands in YAML and must never read as a Helm template.
const HTTP_PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/;
const MAX_REPLICAS = 50;
const MAX_PREVIEW_TTL_HOURS = 24 * 30;

const TIER_REPLICAS: Record<ChannelTier, number> = {
  dev: 1,
  staging: 2,
  prod: 3,
};

/**
 * Staging-like names (`staging`, `uat`, `qa`, `pre-prod`, ...) get the middle
 * size; `prod`/`production` words are sized like production (the policy
 * engine treats the same names as production); everything else like dev.
 */
export function channelTier(channel: string): ChannelTier {
  if (/(^|-)(staging|stage|stg|uat|qa|preprod|pre-prod)(-|$)/.test(channel)) {
    return 'staging';
  }
  if (/(^|-)(prod|production)(-|$)/.test(channel)) return 'prod';
  return 'dev';
}

/** Checks the raw input and fills in defaults; throws InputError with the reason. */
export function toHelmChartSpec(
  input: HelmCreateInput,
  options: { prometheusAddress?: string } = {},
): HelmChartSpec {
  const name = input.name;
  if (typeof name !== 'string' || !DNS_LABEL.test(name)) {
    throw new InputError(
      `Invalid name '${name}': it must be a DNS label (lower-case letters, digits and dashes, starting with a letter, not ending with a dash)`,
    );
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw new InputError(
      `Invalid name '${name}': at most ${MAX_NAME_LENGTH} characters, so release names (${name}-pr-<number>) and suffixed resource names stay within Kubernetes limits`,
    );
  }
  const imageProblem = explainInvalidImageRepository(String(input.image));
  if (imageProblem) {
    throw new InputError(`Invalid image: ${imageProblem}`);
  }
  if (input.imageDigest !== undefined && !isImageDigest(input.imageDigest)) {
    throw new InputError(
      `Invalid imageDigest '${input.imageDigest}': expected sha256: followed by 64 lower-case hex digits`,
    );
  }
  const port = input.port ?? 8080;
  if (!Number.isInteger(port) || port < 1024 || port > 65535) {
    throw new InputError(
      `Invalid port ${port}: use 1024-65535; the container runs as a non-root user without capabilities and cannot bind lower ports`,
    );
  }
  const strategy = input.rolloutStrategy ?? 'rolling';
  if (!(ROLLOUT_STRATEGIES as readonly string[]).includes(strategy)) {
    throw new InputError(
      `Unknown rolloutStrategy '${strategy}': use one of ${ROLLOUT_STRATEGIES.join(
        ', ',
      )}`,
    );
  }
  const healthPath = checkHttpPath(
    'healthPath',
    input.healthPath ?? '/healthz',
  );
  const readinessPath = checkHttpPath(
    'readinessPath',
    input.readinessPath ?? '/readyz',
  );
  const channelNames = checkChannels(
    input.channels ?? [...DEFAULT_RELEASE_CHANNELS],
  );
  const replicas = checkReplicas(input.replicas ?? {}, channelNames);
  const previewTtlHours = input.previewTtlHours ?? 72;
  if (
    !Number.isInteger(previewTtlHours) ||
    previewTtlHours < 1 ||
    previewTtlHours > MAX_PREVIEW_TTL_HOURS
  ) {
    throw new InputError(
      `Invalid previewTtlHours ${previewTtlHours}: use a whole number of hours from 1 to ${MAX_PREVIEW_TTL_HOURS}`,
    );
  }

  return {
    name,
    image: input.image,
    digest: input.imageDigest ?? PLACEHOLDER_DIGEST,
    digestIsPlaceholder: input.imageDigest === undefined,
    port,
    strategy: strategy as RolloutStrategy,
    healthPath,
    readinessPath,
    channels: channelNames.map(channel => {
      const tier = channelTier(channel);
      return {
        name: channel,
        tier,
        replicas: replicas[channel] ?? TIER_REPLICAS[tier],
        autoscaled: tier !== 'dev',
        file: `values-${channel}.yaml`,
      };
    }),
    previewTtlHours,
    prometheusAddress: options.prometheusAddress ?? DEFAULT_PROMETHEUS_ADDRESS,
  };
}

function checkHttpPath(field: string, value: string): string {
  if (typeof value !== 'string' || !HTTP_PATH.test(value)) {
    throw new InputError(
      `Invalid ${field} '${value}': an HTTP path starting with / without spaces, quotes or braces`,
    );
  }
  return value;
}

function checkChannels(channels: unknown): string[] {
  if (!Array.isArray(channels) || channels.length === 0) {
    throw new InputError('Invalid channels: give at least one release channel');
  }
  const seen = new Set<string>();
  for (const channel of channels) {
    if (typeof channel !== 'string' || !CHANNEL_PATTERN.test(channel)) {
      throw new InputError(
        `Invalid channel '${channel}': use lower-case letters, digits and dashes`,
      );
    }
    if (channel === 'preview') {
      throw new InputError(
        `Invalid channel 'preview': the name is reserved for pull-request previews (${PREVIEW_OVERLAY} is always written)`,
      );
    }
    if (seen.has(channel)) {
      throw new InputError(
        `Invalid channels: '${channel}' is listed twice; each channel gets one values overlay`,
      );
    }
    seen.add(channel);
  }
  return channels;
}

function checkReplicas(
  replicas: Record<string, number>,
  channels: string[],
): Record<string, number> {
  if (typeof replicas !== 'object' || replicas === null) {
    throw new InputError(
      'Invalid replicas: expected a map of channel to count',
    );
  }
  for (const [channel, count] of Object.entries(replicas)) {
    if (!channels.includes(channel)) {
      throw new InputError(
        `Invalid replicas: '${channel}' is not one of the channels (${channels.join(
          ', ',
        )})`,
      );
    }
    if (!Number.isInteger(count) || count < 1 || count > MAX_REPLICAS) {
      throw new InputError(
        `Invalid replicas for '${channel}': ${count}; use a whole number from 1 to ${MAX_REPLICAS}`,
      );
    }
  }
  return replicas;
}
