import { Config } from '@backstage/config';
import path from 'node:path';

/** One channel's promotion rules (`maestro.releases.channels.<name>`). */
export type ChannelRules = {
  /** Approvals from the owning group a promotion into the channel needs. */
  approvals: number;
  /** Minutes a digest must have run in the previous channel. */
  soakMinutes: number;
  /** Periods when nothing is promoted into the channel. */
  freezes: Array<{ start: string; end: string; reason: string }>;
  /** Branch of the GitOps repository holding the channel's overlay. */
  branch: string;
};

export type ReleasesConfig = {
  gitops: {
    /** The bare repository, absolute. */
    repository: string;
    /** Seeded into a new repository, absolute; none: the repository must exist. */
    seedDirectory?: string;
    branch: string;
  };
  /** A digest enters channel N only after it has run in channel N-1. */
  requirePreviousChannel: boolean;
  rules(channel: string): ChannelRules;
};

/**
 * Reads `maestro.releases`; undefined when `maestro.releases.gitops` is
 * absent (release channels are off). Relative paths are resolved against
 * the backend's working directory.
 */
export function readReleasesConfig(config: Config): ReleasesConfig | undefined {
  const releases = config.getOptionalConfig('maestro.releases');
  const gitops = releases?.getOptionalConfig('gitops');
  if (!releases || !gitops) return undefined;
  const branch = gitops.getOptionalString('branch') ?? 'main';
  const seed = gitops.getOptionalString('seedDirectory');
  const channels = releases.getOptionalConfig('channels');
  const rules = new Map<string, ChannelRules>();
  for (const name of channels?.keys() ?? []) {
    const channel = channels!.getConfig(name);
    const freezes = (channel.getOptionalConfigArray('freezes') ?? []).map(
      freeze => {
        const start = freeze.getString('start');
        const end = freeze.getString('end');
        for (const [key, value] of [
          ['start', start],
          ['end', end],
        ]) {
          if (Number.isNaN(Date.parse(value))) {
            throw new Error(
              `maestro.releases.channels.${name}.freezes: ${key} '${value}' is not an ISO 8601 date-time`,
            );
          }
        }
        return { start, end, reason: freeze.getString('reason') };
      },
    );
    rules.set(name, {
      approvals: channel.getOptionalNumber('approvals') ?? 0,
      soakMinutes: channel.getOptionalNumber('soakMinutes') ?? 0,
      freezes,
      branch: channel.getOptionalString('branch') ?? branch,
    });
  }
  return {
    gitops: {
      repository: path.resolve(gitops.getString('repository')),
      seedDirectory: seed ? path.resolve(seed) : undefined,
      branch,
    },
    requirePreviousChannel:
      releases.getOptionalBoolean('requirePreviousChannel') ?? true,
    rules: channel =>
      rules.get(channel) ?? {
        approvals: 0,
        soakMinutes: 0,
        freezes: [],
        branch,
      },
  };
}
