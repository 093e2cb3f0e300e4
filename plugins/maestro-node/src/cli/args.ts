import { parseArgs } from 'node:util';
import type { PolicyProfile } from '../policy/types';

export type CheckFormat = 'table' | 'json' | 'sarif';

export type CheckArgs = {
  paths: string[];
  format: CheckFormat;
  profile: PolicyProfile;
  exemptions?: string;
  helm?: string;
  entity?: string;
  output?: string;
  /** From `--opa-url` and `--opa-path`, given together. */
  opa?: { url: string; path: string };
};

export const USAGE = `Usage: maestro-policy check <paths...> [options]

Checks Dockerfiles, Kubernetes manifests and Helm charts (every values-*.yaml
overlay) against Maestro's policy rules.

Options:
  --format table|json|sarif   output format (default: table)
  --profile default|strict    rule profile (default: default)
  --exemptions <file>         exemptions YAML file
  --helm <path>               Helm binary (default: MAESTRO_HELM_PATH, helm on
                              PATH, or the one bundled with the kubectl layer)
  --entity <entityRef>        catalog entity the files belong to
  --output <file>             write the report to a file instead of stdout
  --opa-url <url>             also ask this OPA server (Data API) and add its
                              findings; needs --opa-path. Sends
                              Authorization: Bearer $MAESTRO_OPA_TOKEN when set
  --opa-path <path>           OPA data path of the decision, e.g. maestro/deny
                              or main (a package with deny/warn rules)
  -h, --help                  show this help

Exit codes: 0 passed, 1 unexempted deny findings, 2 usage or input error, or
OPA gave no usable decision (unreachable, timeout, error, undefined path).
`;

export class UsageError extends Error {}

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) {
    return fallback;
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(
      `--${name} must be one of ${allowed.join(', ')}, got '${value}'`,
    );
  }
  return value as T;
}

/** Parses the arguments after `check`; throws `UsageError`. */
export function parseCheckArgs(argv: string[]): CheckArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        profile: { type: 'string' },
        exemptions: { type: 'string' },
        helm: { type: 'string' },
        entity: { type: 'string' },
        output: { type: 'string' },
        'opa-url': { type: 'string' },
        'opa-path': { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) {
    throw new UsageError('check needs at least one file or directory');
  }
  const opaUrl = values['opa-url'];
  const opaPath = values['opa-path'];
  if ((opaUrl === undefined) !== (opaPath === undefined)) {
    throw new UsageError(
      opaUrl === undefined
        ? '--opa-path needs --opa-url'
        : '--opa-url needs --opa-path (the data path of the decision)',
    );
  }
  return {
    paths: positionals,
    format: oneOf('format', values.format, ['table', 'json', 'sarif'], 'table'),
    profile: oneOf('profile', values.profile, ['default', 'strict'], 'default'),
    exemptions: values.exemptions,
    helm: values.helm,
    entity: values.entity,
    output: values.output,
    ...(opaUrl !== undefined && opaPath !== undefined
      ? { opa: { url: opaUrl, path: opaPath } }
      : {}),
  };
}
