/*
 * Reads a scaffolder workspace the way `maestro-policy check` reads a
 * repository (maestro-node's collectInputs: Dockerfiles, Kubernetes YAML,
 * Helm charts rendered by the real helm binary once per values overlay),
 * with the stricter rules a gate needs: a chart that cannot be rendered or a
 * YAML file that does not parse fails the step instead of being skipped, and
 * nothing outside the workspace is read.
 */
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  collectInputs,
  helmInputs,
  InputPathError,
  locateHelm,
  renderHelmChart,
  type ChartRenderer,
  type PolicyInput,
} from '@maestro-conductor/backstage-plugin-maestro-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** Same folders collectInputs leaves out. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

// collectInputs reports a YAML file it cannot parse as a warning of this form.
const INVALID_YAML_WARNING = /^(.+) skipped: not valid YAML \(([\s\S]*)\)$/;

export type CheckedCounts = {
  dockerfiles: number;
  manifests: number;
  charts: number;
  overlays: number;
};

export type WorkspaceInputs = {
  inputs: PolicyInput[];
  /** Things not checked, with the reason, for the task log. */
  notes: string[];
  checked: CheckedCounts;
};

/**
 * Refuses symbolic links that lead out of the workspace: collectInputs
 * follows links, and a template's files must not make the gate read the
 * backend's disk.
 */
async function assertNoEscapingLinks(
  workspacePath: string,
  start: string,
): Promise<void> {
  const root = await fs.realpath(workspacePath);
  const visit = async (absolute: string): Promise<void> => {
    const stat = await fs.lstat(absolute);
    if (stat.isSymbolicLink()) {
      const target = await fs.realpath(absolute).catch(() => undefined);
      if (
        target !== undefined &&
        target !== root &&
        !target.startsWith(`${root}${path.sep}`)
      ) {
        throw new InputError(
          `${path.relative(
            workspacePath,
            absolute,
          )} is a link to a file outside the workspace, which the policy check does not read`,
        );
      }
      return;
    }
    if (!stat.isDirectory()) {
      return;
    }
    for (const entry of await fs.readdir(absolute, { withFileTypes: true })) {
      if (!(entry.isDirectory() && SKIPPED_DIRECTORIES.has(entry.name))) {
        await visit(path.join(absolute, entry.name));
      }
    }
  };
  await visit(start);
}

function chartRenderer(
  workspacePath: string,
  helmPath: string | undefined,
): ChartRenderer {
  let helm: Promise<string> | undefined;
  const relative = (text: string) =>
    text.split(`${workspacePath}${path.sep}`).join('');
  return async (chartDir, displayPath) => {
    helm ??= locateHelm(helmPath ? { helmPath } : {});
    let binary: string;
    try {
      binary = await helm;
    } catch (error) {
      // Not the template's fault: the backend has no usable helm.
      throw new Error(
        `Helm chart ${displayPath} cannot be checked: ${
          (error as Error).message
        }`,
      );
    }
    try {
      const rendered = await renderHelmChart({ helmPath: binary, chartDir });
      return helmInputs(displayPath, rendered);
    } catch (error) {
      throw new InputError(
        `Helm chart ${displayPath} could not be rendered: ${relative(
          (error as Error).message,
        )}`,
      );
    }
  };
}

/** True for YAML holding only Backstage entities (catalog-info.yaml, templates). */
function onlyCatalogEntities(content: string): boolean {
  const apiVersions = parseAllDocuments(content)
    .map(document => document.toJS())
    .filter(value => value && typeof value === 'object' && 'kind' in value)
    .map(value => String(value.apiVersion ?? ''));
  return (
    apiVersions.length > 0 &&
    apiVersions.every(v => /^([a-z0-9-]+\.)*backstage\.io\//.test(v))
  );
}

export async function collectWorkspaceInputs(options: {
  workspacePath: string;
  paths: string[];
  helmPath?: string;
}): Promise<WorkspaceInputs> {
  const { workspacePath } = options;
  const relativePaths: string[] = [];
  for (const given of options.paths) {
    const absolute = resolveSafeChildPath(workspacePath, given);
    try {
      await assertNoEscapingLinks(workspacePath, absolute);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new InputError(
          `No such file or directory in the workspace: ${given}`,
        );
      }
      throw error;
    }
    relativePaths.push(path.relative(workspacePath, absolute) || '.');
  }

  let collected;
  try {
    collected = await collectInputs(relativePaths, {
      cwd: workspacePath,
      renderChart: chartRenderer(workspacePath, options.helmPath),
    });
  } catch (error) {
    if (error instanceof InputPathError) {
      throw new InputError(error.message);
    }
    throw error;
  }

  const invalid = collected.warnings
    .map(warning => INVALID_YAML_WARNING.exec(warning))
    .filter((match): match is RegExpExecArray => match !== null);
  if (invalid.length > 0) {
    throw new InputError(
      invalid
        .map(([, file, reason]) => `${file} is not valid YAML: ${reason}`)
        .join('; '),
    );
  }

  const notes = [...collected.warnings];
  const inputs = collected.inputs.filter(input => {
    if (input.kind === 'kubernetes' && !input.helm) {
      if (onlyCatalogEntities(input.content)) {
        notes.push(`${input.path} skipped: Backstage catalog entities only`);
        return false;
      }
    }
    return true;
  });
  const charts = new Set<string>();
  let overlays = 0;
  for (const input of inputs) {
    if (input.kind === 'kubernetes' && input.helm) {
      charts.add(input.helm.chart);
      overlays += 1;
    }
  }
  return {
    inputs,
    notes,
    checked: {
      dockerfiles: inputs.filter(i => i.kind === 'dockerfile').length,
      manifests: inputs.filter(i => i.kind === 'kubernetes' && !i.helm).length,
      charts: charts.size,
      overlays,
    },
  };
}
