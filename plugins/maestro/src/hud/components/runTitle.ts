import { BuildRun } from '@maestro-conductor/backstage-plugin-maestro-common';

/** `CI #9001` for numbered runs, `payments-api-build run-x7k2p` otherwise. */
export function runTitle(run: BuildRun): string {
  const name = run.name ?? run.provider;
  return /^\d+$/.test(run.externalId)
    ? `${name} #${run.externalId}`
    : `${name} ${run.externalId}`;
}
