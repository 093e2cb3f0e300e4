/*
 * Turns the paths given to `maestro-policy check` into policy inputs:
 * Dockerfiles, YAML files holding Kubernetes objects, and Helm charts (a
 * directory with Chart.yaml, rendered once per values overlay). A chart is
 * never read as loose YAML: its templates are not valid YAML until rendered.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { PolicyInput } from '../policy/types';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

/**
 * How a chart is rendered. Throws `ChartSkippedError` when the chart cannot be
 * rendered at all (no Helm binary), which becomes a warning.
  *
  * @public
 */
export type ChartRenderer = (
  chartDir: string,
  displayPath: string,
) => Promise<PolicyInput[]>;

/** @public */
export type CollectedInputs = {
  inputs: PolicyInput[];
  /** Things not checked, each with the reason; shown to the user. */
  warnings: string[];
};

/** @public */
export type CollectOptions = {
  cwd: string;
  renderChart: ChartRenderer;
};

/** @public */
export class InputPathError extends Error {}

/** @public */
export class ChartSkippedError extends Error {}

export function isDockerfileName(name: string): boolean {
  return (
    name === 'Dockerfile' ||
    name.endsWith('.Dockerfile') ||
    name.startsWith('Dockerfile.')
  );
}

function isChartFileName(name: string): boolean {
  return name === 'Chart.yaml' || /^values(-.+)?\.ya?ml$/.test(name);
}

/** True when some document in `content` is an object with apiVersion and kind. */
export function containsKubernetesObjects(content: string): boolean {
  for (const doc of parseAllDocuments(content)) {
    if (doc.errors.length > 0) {
      throw new Error(doc.errors[0].message);
    }
    const value = doc.toJSON();
    if (
      value &&
      typeof value === 'object' &&
      typeof value.apiVersion === 'string' &&
      typeof value.kind === 'string'
    ) {
      return true;
    }
  }
  return false;
}

function toDisplayPath(cwd: string, absolute: string): string {
  const relative = path.relative(cwd, absolute) || '.';
  return relative.split(path.sep).join('/');
}

/** @public */
export async function collectInputs(
  paths: string[],
  options: CollectOptions,
): Promise<CollectedInputs> {
  const inputs: PolicyInput[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();

  async function visitChart(dir: string, display: string) {
    try {
      inputs.push(...(await options.renderChart(dir, display)));
    } catch (error) {
      if (!(error instanceof ChartSkippedError)) {
        throw error;
      }
      warnings.push(
        `Helm chart ${display} skipped, not checked: ${error.message}`,
      );
    }
  }

  async function visitFile(file: string, display: string, explicit: boolean) {
    const name = path.basename(file);
    if (isDockerfileName(name)) {
      const content = await fs.promises.readFile(file, 'utf8');
      inputs.push({ kind: 'dockerfile', path: display, content });
      return;
    }
    if (!/\.ya?ml$/.test(name) || isChartFileName(name)) {
      if (explicit) {
        warnings.push(
          `${display} skipped: not a Dockerfile or Kubernetes manifest`,
        );
      }
      return;
    }
    const content = await fs.promises.readFile(file, 'utf8');
    let kubernetes: boolean;
    try {
      kubernetes = containsKubernetesObjects(content);
    } catch (error) {
      warnings.push(
        `${display} skipped: not valid YAML (${(error as Error).message})`,
      );
      return;
    }
    if (kubernetes) {
      inputs.push({ kind: 'kubernetes', path: display, content });
    } else if (explicit) {
      warnings.push(`${display} skipped: no Kubernetes objects in it`);
    }
  }

  async function visit(absolute: string, explicit: boolean) {
    const real = await fs.promises.realpath(absolute);
    if (seen.has(real)) {
      return;
    }
    seen.add(real);
    const display = toDisplayPath(options.cwd, absolute);
    const stat = await fs.promises.stat(absolute);
    if (stat.isFile()) {
      await visitFile(absolute, display, explicit);
      return;
    }
    if (!stat.isDirectory()) {
      return;
    }
    if (fs.existsSync(path.join(absolute, 'Chart.yaml'))) {
      await visitChart(absolute, display);
      return;
    }
    const entries = await fs.promises.readdir(absolute, {
      withFileTypes: true,
    });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.isDirectory() && SKIPPED_DIRECTORIES.has(entry.name)) {
        continue;
      }
      if (entry.isDirectory() || entry.isFile()) {
        await visit(path.join(absolute, entry.name), false);
      }
    }
  }

  for (const given of paths) {
    const absolute = path.resolve(options.cwd, given);
    if (!fs.existsSync(absolute)) {
      throw new InputPathError(`No such file or directory: ${given}`);
    }
    await visit(absolute, true);
  }
  return { inputs, warnings };
}
