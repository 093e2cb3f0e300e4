/*
 * `maestro-policy check`: collect inputs, evaluate them with the policy
 * engine, print the report. Everything the outside world provides (output
 * streams, working directory, environment, clock) comes through `io`, so
 * tests call this directly and the bin stays a one-liner.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  createPolicyEngine,
  evaluatePolicy,
  OpaDecisionError,
  parseExemptions,
  PolicyInputError,
} from '../policy';
import { resolveOpaOptions } from '../policy/opa/options';
import { helmInputs, locateHelm, renderHelmChart } from '../policy/helm';
import type { PolicyEngine, PolicyExemption } from '../policy/types';
import { CheckArgs, parseCheckArgs, USAGE, UsageError } from './args';
import {
  ChartRenderer,
  ChartSkippedError,
  collectInputs,
  InputPathError,
} from './collectInputs';
import { formatSarif } from './formats/sarif';
import { formatTable, summaryLine } from './formats/table';

/** Exit codes of `maestro-policy`. @public */
export const EXIT_PASSED = 0;
/** @public */
export const EXIT_DENIED = 1;
/** @public */
export const EXIT_USAGE = 2;

/** @public */
export type PolicyCliIo = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Clock for exemption expiry; defaults to now. */
  now?: Date;
  /**
   * Engine to use; defaults to `createPolicyEngine()`, with OPA delegation
   * when `--opa-url` is given (which an engine passed here cannot take).
   */
  engine?: PolicyEngine;
};

async function chartRenderer(
  args: CheckArgs,
  io: PolicyCliIo,
): Promise<{ renderChart?: ChartRenderer; helmUnavailable?: string }> {
  let helmPath: string;
  try {
    helmPath = await locateHelm({
      helmPath: args.helm && path.resolve(io.cwd, args.helm),
      env: io.env,
    });
  } catch (error) {
    if (args.helm) {
      // An explicit --helm that does not work is a usage error, not a skip.
      throw new UsageError((error as Error).message);
    }
    return { helmUnavailable: (error as Error).message };
  }
  return {
    renderChart: async (chartDir, displayPath) => {
      try {
        const rendered = await renderHelmChart({ helmPath, chartDir });
        return helmInputs(displayPath, rendered);
      } catch (error) {
        throw new PolicyInputError((error as Error).message);
      }
    },
  };
}

async function readExemptions(
  file: string | undefined,
  cwd: string,
): Promise<PolicyExemption[]> {
  if (!file) {
    return [];
  }
  let text: string;
  try {
    text = await fs.promises.readFile(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(
      `Cannot read exemptions file ${file}: ${(error as Error).message}`,
    );
  }
  try {
    return parseExemptions(text);
  } catch (error) {
    if (error instanceof PolicyInputError) {
      throw new PolicyInputError(`${file}: ${error.message}`);
    }
    throw error;
  }
}

function createEngine(args: CheckArgs, io: PolicyCliIo): PolicyEngine {
  if (!args.opa) {
    return io.engine ?? createPolicyEngine();
  }
  if (io.engine) {
    throw new UsageError(
      '--opa-url cannot be added to an engine supplied by the caller',
    );
  }
  const token = io.env.MAESTRO_OPA_TOKEN;
  let opa;
  try {
    opa = resolveOpaOptions(
      {
        ...args.opa,
        ...(token ? { headers: { Authorization: `Bearer ${token}` } } : {}),
      },
      field => `--opa-${field}`,
    );
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return createPolicyEngine({ opa });
}

async function check(args: CheckArgs, io: PolicyCliIo): Promise<number> {
  const engine = createEngine(args, io);
  const exemptions = await readExemptions(args.exemptions, io.cwd);
  // Only look for Helm when there is a chart to render.
  let renderer: Awaited<ReturnType<typeof chartRenderer>> | undefined;
  const { inputs, warnings } = await collectInputs(args.paths, {
    cwd: io.cwd,
    renderChart: async (chartDir, displayPath) => {
      renderer ??= await chartRenderer(args, io);
      if (!renderer.renderChart) {
        throw new ChartSkippedError(renderer.helmUnavailable);
      }
      return renderer.renderChart(chartDir, displayPath);
    },
  });
  for (const warning of warnings) {
    io.stderr(`warning: ${warning}\n`);
  }
  if (inputs.length === 0) {
    throw new UsageError(
      `Nothing to check: no Dockerfiles, Kubernetes manifests or renderable Helm charts in ${args.paths.join(
        ', ',
      )}`,
    );
  }

  const report = await evaluatePolicy(engine, inputs, {
    profile: args.profile,
    exemptions,
    now: io.now,
    entityRef: args.entity,
  });

  let output: string;
  if (args.format === 'json') {
    output = `${JSON.stringify(report, null, 2)}\n`;
  } else if (args.format === 'sarif') {
    const sarif = formatSarif(report, engine.rules(), { warnings });
    output = `${JSON.stringify(sarif, null, 2)}\n`;
  } else {
    output = formatTable(report);
  }

  if (args.output) {
    const target = path.resolve(io.cwd, args.output);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await fs.promises.writeFile(target, output, 'utf8');
    io.stdout(`${summaryLine(report)}\nReport written to ${args.output}\n`);
  } else {
    io.stdout(output);
  }
  return report.passed ? EXIT_PASSED : EXIT_DENIED;
}

/**
 * Runs `maestro-policy` with the given arguments (without `node` and the
 * script) and returns the exit code.
 *
 * @public
 */
export async function runCheck(
  argv: string[],
  io: PolicyCliIo,
): Promise<number> {
  const [command, ...rest] = argv;
  if (
    !command ||
    command === '--help' ||
    command === '-h' ||
    command === 'help'
  ) {
    (command ? io.stdout : io.stderr)(USAGE);
    return command ? EXIT_PASSED : EXIT_USAGE;
  }
  if (command !== 'check') {
    io.stderr(`Unknown command '${command}'.\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(USAGE);
    return EXIT_PASSED;
  }
  try {
    return await check(parseCheckArgs(rest), io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`maestro-policy: ${error.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    if (
      error instanceof PolicyInputError ||
      error instanceof InputPathError ||
      error instanceof OpaDecisionError
    ) {
      io.stderr(`maestro-policy: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
