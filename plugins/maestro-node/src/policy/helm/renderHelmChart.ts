/*
 * Runs the real Helm binary to turn a chart into manifests, once per values
 * overlay, so policy sees what each environment would actually deploy.
 * Helm is run with execFile (no shell) and bounded time and output.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { PolicyInput } from '../types';

const execFileAsync = promisify(execFile);

const HELM_TIMEOUT_MS = 60_000;
const HELM_MAX_BUFFER = 64 * 1024 * 1024;

/** The overlay name for the chart's own defaults (no `-f`). @public */
export const HELM_DEFAULT_OVERLAY = 'values.yaml';

/** @public */
export type HelmChartOptions = {
  helmPath: string;
  chartDir: string;
  releaseName?: string;
  namespace?: string;
  /**
   * Values files relative to `chartDir`, each rendered on its own on top of
   * the chart defaults. Default: `values.yaml` (the defaults alone) plus every
   * `values-*.yaml` in `chartDir`.
   */
  overlays?: string[];
};

/** @public */
export type RenderedHelmOverlay = { overlay: string; manifests: string };

async function runHelm(helmPath: string, args: string[], what: string) {
  try {
    return await execFileAsync(helmPath, args, {
      timeout: HELM_TIMEOUT_MS,
      maxBuffer: HELM_MAX_BUFFER,
      encoding: 'utf8',
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & {
      stderr?: string;
      stdout?: string;
      killed?: boolean;
      signal?: string;
    };
    const reason = e.killed
      ? `timed out after ${HELM_TIMEOUT_MS / 1000}s`
      : (e.stderr || e.stdout || e.message).trim();
    const failure: Error & { output?: string } = new Error(
      `${what} failed: ${reason}`,
    );
    // Only a helm that ran and exited non-zero has output worth returning.
    if (typeof (e.code as unknown) === 'number') {
      failure.output = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    }
    throw failure;
  }
}

async function defaultOverlays(chartDir: string): Promise<string[]> {
  const names = await fs.promises.readdir(chartDir);
  const overlays = names.filter(n => /^values-.+\.ya?ml$/.test(n)).sort();
  return [HELM_DEFAULT_OVERLAY, ...overlays];
}

async function assertChart(chartDir: string) {
  if (!fs.existsSync(path.join(chartDir, 'Chart.yaml'))) {
    throw new Error(`${chartDir} is not a Helm chart (no Chart.yaml)`);
  }
}

/**
 * Renders `chartDir` once per overlay with `helm template`.
 *
 * @public
 */
export async function renderHelmChart(
  options: HelmChartOptions,
): Promise<RenderedHelmOverlay[]> {
  const chartDir = path.resolve(options.chartDir);
  await assertChart(chartDir);
  const overlays = options.overlays ?? (await defaultOverlays(chartDir));
  const releaseName = options.releaseName ?? 'release';
  const namespace = options.namespace ?? 'default';

  const rendered: RenderedHelmOverlay[] = [];
  for (const overlay of overlays) {
    const args = ['template', releaseName, chartDir, '--namespace', namespace];
    if (overlay !== HELM_DEFAULT_OVERLAY) {
      const valuesFile = path.resolve(chartDir, overlay);
      if (!fs.existsSync(valuesFile)) {
        throw new Error(`Values overlay ${overlay} not found in ${chartDir}`);
      }
      args.push('-f', valuesFile);
    }
    const { stdout } = await runHelm(
      options.helmPath,
      args,
      `helm template ${options.chartDir} (${overlay})`,
    );
    rendered.push({ overlay, manifests: stdout });
  }
  return rendered;
}

/**
 * Runs `helm lint` on the chart (with each overlay given, if any).
 *
 * @public
 */
export async function lintHelmChart(
  options: Omit<HelmChartOptions, 'releaseName'>,
): Promise<{ ok: boolean; output: string }> {
  const chartDir = path.resolve(options.chartDir);
  await assertChart(chartDir);
  const args = ['lint', chartDir];
  if (options.namespace) {
    args.push('--namespace', options.namespace);
  }
  for (const overlay of options.overlays ?? []) {
    if (overlay !== HELM_DEFAULT_OVERLAY) {
      args.push('-f', path.resolve(chartDir, overlay));
    }
  }
  try {
    const { stdout, stderr } = await runHelm(
      options.helmPath,
      args,
      `helm lint ${options.chartDir}`,
    );
    return { ok: true, output: `${stdout}${stderr}` };
  } catch (error) {
    const output = (error as Error & { output?: string }).output;
    if (output === undefined) {
      throw error;
    }
    return { ok: false, output: output || (error as Error).message };
  }
}

/**
 * Turns rendered overlays into policy inputs. `chartDir` is the path shown in
 * findings; overlays that render nothing are left out.
 *
 * @public
 */
export function helmInputs(
  chartDir: string,
  rendered: RenderedHelmOverlay[],
): PolicyInput[] {
  return rendered
    .filter(r => r.manifests.trim() !== '')
    .map(r => ({
      kind: 'kubernetes' as const,
      path: chartDir,
      content: r.manifests,
      helm: { chart: chartDir, overlay: r.overlay },
    }));
}
