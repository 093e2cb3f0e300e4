import { runCheck } from './runCheck';

export { runCheck, EXIT_DENIED, EXIT_PASSED, EXIT_USAGE } from './runCheck';
export type { PolicyCliIo } from './runCheck';
// Input collection and finding locations, shared with the scaffolder's
// maestro:policy:check so a workspace is read exactly as the CLI reads it.
export {
  collectInputs,
  ChartSkippedError,
  InputPathError,
} from './collectInputs';
export type {
  ChartRenderer,
  CollectedInputs,
  CollectOptions,
} from './collectInputs';
export { locationFile, locationLine, resourceLabel } from './formats/location';

/**
 * Entry point of the `maestro-policy` bin: runs with the process's streams,
 * working directory and environment, and sets `process.exitCode`.
 *
 * @public
 */
export async function runPolicyCli(argv: string[]): Promise<number> {
  let code: number;
  try {
    code = await runCheck(argv, {
      stdout: text => process.stdout.write(text),
      stderr: text => process.stderr.write(text),
      cwd: process.cwd(),
      env: process.env,
    });
  } catch (error) {
    process.stderr.write(
      `maestro-policy: unexpected error: ${(error as Error).stack ?? error}\n`,
    );
    code = 2;
  }
  process.exitCode = code;
  return code;
}
