/*
 * The `maestro.hud` block of app-config, and whether GitHub webhooks are
 * safe to read:
 *
 *   maestro:
 *     hud:
 *       maxEventBytes: 5242880             # largest CloudEvent / BuildEvent body
 *       previewEnvironmentPattern: '^(pr-|preview)'
 *       correlationCacheSeconds: 60
 *       replayWindowHours: 72              # a signed GitHub payload is stored once within it
 *       trustedLocations:                  # besides catalog.locations (see trustedLocations.ts)
 *         - 'url:https://github.com/acme/*'
 *       github:
 *         enabled: true                    # default: when a webhook secret is set
 *
 * GitHub deliveries reach Maestro through the events backend. Its GitHub
 * module registers the signature-checked `POST /api/events/http/github` only
 * when a webhook secret is configured; without one, a `github` entry in
 * `events.http.topics` would register the same path with no check at all.
 * So Maestro reads the `github.*` topics only when a secret is configured
 * (or `maestro.hud.github.enabled` says so explicitly), and refuses the
 * documented demo secret in production, where an unset GITHUB_WEBHOOK_SECRET
 * would otherwise fall back to app-config.yaml's value.
 */
import { Config } from '@backstage/config';
import { DEFAULT_REPLAY_WINDOW_HOURS } from './HudService';
import { readTrustedLocations, TrustedLocations } from './trustedLocations';

/** The secret app-config.yaml uses for the local demo; refused in production. */
export const DEMO_WEBHOOK_SECRET = 'maestro-demo-webhook-secret';

export const DEFAULT_MAX_EVENT_BYTES = 5 * 1024 * 1024;
const MAX_EVENT_BYTES_CEILING = 64 * 1024 * 1024;
export const DEFAULT_PREVIEW_ENVIRONMENT_PATTERN = '^(pr-|preview)';
/** A year: the digest table grows with the window. */
const MAX_REPLAY_WINDOW_HOURS = 8760;

export type HudConfig = {
  maxEventBytes: number;
  previewEnvironment: RegExp;
  correlationCacheMs: number;
  replayWindowMs: number;
  trusted: TrustedLocations;
  github: { enabled: boolean; reason: string };
};

function githubAppSecrets(config: Config): string[] {
  return (config.getOptionalConfigArray('integrations.github') ?? []).flatMap(
    integration =>
      (integration.getOptionalConfigArray('apps') ?? [])
        .map(app => app.getOptionalString('webhookSecret'))
        .filter((secret): secret is string => Boolean(secret)),
  );
}

function isProduction(config: Config): boolean {
  return (
    process.env.NODE_ENV === 'production' ||
    config.getOptionalString('auth.environment') === 'production'
  );
}

function readGithub(config: Config): HudConfig['github'] {
  const explicit = config.getOptionalBoolean('maestro.hud.github.enabled');
  if (explicit === false) {
    return { enabled: false, reason: 'maestro.hud.github.enabled is false' };
  }
  const secret = config.getOptionalString(
    'events.modules.github.webhookSecret',
  );
  if (secret === DEMO_WEBHOOK_SECRET && isProduction(config)) {
    return {
      enabled: false,
      reason: `events.modules.github.webhookSecret is the demo secret (${DEMO_WEBHOOK_SECRET}) in production; set GITHUB_WEBHOOK_SECRET`,
    };
  }
  if (secret || githubAppSecrets(config).length > 0) {
    return { enabled: true, reason: 'a GitHub webhook secret is configured' };
  }
  if (explicit === true) {
    return {
      enabled: true,
      reason:
        'maestro.hud.github.enabled is true without a webhook secret: make sure something else checks signatures',
    };
  }
  return {
    enabled: false,
    reason:
      'no GitHub webhook secret is configured (events.modules.github.webhookSecret)',
  };
}

/** `maestro.hud.replayWindowHours` in milliseconds; read by ingestion and retention. */
export function readReplayWindowMs(config: Config): number {
  const hours =
    config.getOptionalNumber('maestro.hud.replayWindowHours') ??
    DEFAULT_REPLAY_WINDOW_HOURS;
  if (!(hours >= 1 && hours <= MAX_REPLAY_WINDOW_HOURS)) {
    throw new Error(
      `maestro.hud.replayWindowHours must be from 1 to ${MAX_REPLAY_WINDOW_HOURS}, got ${hours}`,
    );
  }
  return hours * 3600_000;
}

export function readHudConfig(config: Config): HudConfig {
  const maxEventBytes =
    config.getOptionalNumber('maestro.hud.maxEventBytes') ??
    DEFAULT_MAX_EVENT_BYTES;
  if (
    !Number.isInteger(maxEventBytes) ||
    maxEventBytes < 1024 ||
    maxEventBytes > MAX_EVENT_BYTES_CEILING
  ) {
    throw new Error(
      `maestro.hud.maxEventBytes must be an integer from 1024 to ${MAX_EVENT_BYTES_CEILING}, got ${maxEventBytes}`,
    );
  }
  const pattern =
    config.getOptionalString('maestro.hud.previewEnvironmentPattern') ??
    DEFAULT_PREVIEW_ENVIRONMENT_PATTERN;
  let previewEnvironment: RegExp;
  try {
    previewEnvironment = new RegExp(pattern, 'i');
  } catch (error) {
    throw new Error(
      `maestro.hud.previewEnvironmentPattern is not a regular expression: ${error}`,
    );
  }
  const cacheSeconds =
    config.getOptionalNumber('maestro.hud.correlationCacheSeconds') ?? 60;
  if (!(cacheSeconds >= 0)) {
    throw new Error('maestro.hud.correlationCacheSeconds must be 0 or more');
  }
  return {
    maxEventBytes,
    previewEnvironment,
    correlationCacheMs: cacheSeconds * 1000,
    replayWindowMs: readReplayWindowMs(config),
    trusted: readTrustedLocations(config),
    github: readGithub(config),
  };
}
