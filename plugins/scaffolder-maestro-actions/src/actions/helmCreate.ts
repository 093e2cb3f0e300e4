import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  generateHelmChart,
  ROLLOUT_STRATEGIES,
  staleGeneratedTemplates,
  toHelmChartSpec,
  type GeneratedChart,
} from './helm';
import { examples } from './helmCreate.examples';

/**
 * Options of {@link createMaestroHelmCreateAction}.
 *
 * @public
 */
export type MaestroHelmCreateActionOptions = {
  /**
   * Prometheus the generated AnalysisTemplate queries (canary and blue-green);
   * default `http://prometheus-server.monitoring.svc.cluster.local:80`.
   */
  prometheusAddress?: string;
};

/**
 * `maestro:helm:create` writes a Helm chart that passes Maestro's policy pack
 * in every environment: a hardened workload (Deployment, or an Argo Rollout
 * for canary and blue-green), Services, NetworkPolicies, ServiceAccount,
 * PodDisruptionBudget, HorizontalPodAutoscaler and an optional TLS Ingress,
 * with one values overlay per release channel plus one for pull-request
 * previews. The image is always pulled by digest.
 *
 * Running it twice changes nothing; a chart that differs from what would be
 * generated is refused unless `overwrite` is set.
 *
 * @public
 */
export function createMaestroHelmCreateAction(
  options: MaestroHelmCreateActionOptions = {},
) {
  return createTemplateAction({
    id: 'maestro:helm:create',
    description:
      'Creates a policy-compliant Helm chart (image by digest, hardened pods, NetworkPolicy, PDB, HPA, Argo Rollouts for canary/blue-green) with values overlays per release channel and for previews',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string({
              description:
                'Folder of the chart, relative to the workspace (default chart)',
            })
            .optional(),
        name: z =>
          z.string({
            description:
              'Chart and release name: a DNS label of at most 40 characters',
          }),
        image: z =>
          z.string({
            description:
              'Image repository without tag or digest, e.g. ghcr.io/acme/payments-api',
          }),
        imageDigest: z =>
          z
            .string({
              description:
                'sha256:<64 hex> digest to deploy; omitted, an all-zero placeholder is written until promotion',
            })
            .optional(),
        port: z =>
          z
            .number({
              description: 'Port the container listens on (default 8080)',
            })
            .optional(),
        rolloutStrategy: z =>
          z
            .enum(ROLLOUT_STRATEGIES, {
              description:
                'rolling (Deployment), canary or blue-green (Argo Rollout); default rolling',
            })
            .optional(),
        channels: z =>
          z
            .array(z.string(), {
              description:
                'Release channels, one values-<channel>.yaml each (default dev, staging, prod)',
            })
            .optional(),
        healthPath: z =>
          z
            .string({
              description: 'HTTP path of the liveness probe (default /healthz)',
            })
            .optional(),
        readinessPath: z =>
          z
            .string({
              description: 'HTTP path of the readiness probe (default /readyz)',
            })
            .optional(),
        replicas: z =>
          z
            .record(z.string(), z.number(), {
              description:
                'Replicas per channel (default: dev-like 1, staging-like 2, prod-like 3)',
            })
            .optional(),
        previewTtlHours: z =>
          z
            .number({
              description:
                'Lifetime of a pull-request preview, in hours (default 72)',
            })
            .optional(),
        overwrite: z =>
          z
            .boolean({
              description:
                'Replace an existing chart that differs from the generated one (default false)',
            })
            .optional(),
      },
      output: {
        chartPath: z =>
          z.string({
            description: 'Folder of the chart, relative to the workspace',
          }),
        files: z =>
          z.array(z.string(), {
            description:
              'Files written (in a dry run too, into its workspace), relative to the workspace; empty when nothing changed',
          }),
        overlays: z =>
          z.array(z.string(), {
            description:
              'Values overlays relative to the chart: one per channel, then values-preview.yaml',
          }),
        changed: z =>
          z.boolean({ description: 'Whether the chart had to be changed' }),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const spec = toHelmChartSpec(input, options);
      const chartDir = resolveChartDir(
        ctx.workspacePath,
        input.path ?? 'chart',
      );
      const chartPath = toWorkspacePath(ctx.workspacePath, chartDir);
      const chart = generateHelmChart(spec);
      const plan = await planChart(chartDir, chartPath, chart);
      if (plan.conflicts.length > 0 && !input.overwrite) {
        const shown = plan.conflicts.slice(0, 5).join(', ');
        const more =
          plan.conflicts.length > 5
            ? ` and ${plan.conflicts.length - 5} more`
            : '';
        throw new InputError(
          `${chartPath} already holds a chart that differs from the one maestro:helm:create would generate (${shown}${more}); set overwrite: true to replace it`,
        );
      }

      const changed = plan.write.length > 0 || plan.remove.length > 0;
      const files = plan.write.map(file => path.posix.join(chartPath, file));
      // A dry run writes too: its workspace is a throwaway copy, the template
      // editor lists the files it holds, and a maestro:policy:check step after
      // this one renders and checks the real chart.
      if (changed) {
        await ctx.checkpoint({
          key: `maestro-helm-create-${chartPath}`,
          fn: async () => {
            for (const file of plan.write) {
              const target = resolveSafeChildPath(chartDir, file);
              await fs.mkdir(path.dirname(target), { recursive: true });
              await fs.writeFile(target, chart.files.get(file)!, 'utf8');
            }
            for (const file of plan.remove) {
              await fs.rm(resolveSafeChildPath(chartDir, file), {
                force: true,
              });
            }
          },
        });
      }
      if (plan.remove.length > 0) {
        ctx.logger.info(
          `Removed templates the ${
            spec.strategy
          } chart no longer uses: ${plan.remove.join(', ')}`,
        );
      }
      ctx.logger.info(
        changed
          ? `Wrote the ${spec.strategy} Helm chart ${spec.name} to ${chartPath} (${files.length} files)`
          : `${chartPath} already holds this chart`,
      );
      if (spec.digestIsPlaceholder) {
        ctx.logger.info(
          'image.digest is the all-zero placeholder until Maestro promotes a built image into a release channel',
        );
      }
      ctx.output('chartPath', chartPath);
      ctx.output('files', files);
      ctx.output('overlays', chart.overlays);
      ctx.output('changed', changed);
    },
  });
}

type ChartPlan = {
  /** Files to write (missing or different), relative to the chart folder. */
  write: string[];
  /** Generated templates of another strategy to remove, relative to the chart folder. */
  remove: string[];
  /** Existing files that would be replaced or removed. */
  conflicts: string[];
};

async function planChart(
  chartDir: string,
  chartPath: string,
  chart: GeneratedChart,
): Promise<ChartPlan> {
  const stat = await fs.stat(chartDir).catch(error => {
    if (['ENOENT', 'ENOTDIR'].includes(error.code)) {
      return error.code === 'ENOTDIR' ? 'blocked' : undefined;
    }
    throw error;
  });
  if (stat === 'blocked' || (stat && !stat.isDirectory())) {
    throw new InputError(
      `Cannot write the chart: ${chartPath} or one of its parent folders is a file`,
    );
  }
  const plan: ChartPlan = { write: [], remove: [], conflicts: [] };
  // Templates of another strategy first: they are the likeliest surprise.
  for (const file of staleGeneratedTemplates(chart)) {
    if ((await readExisting(chartDir, chartPath, file)) !== undefined) {
      plan.remove.push(file);
      plan.conflicts.push(file);
    }
  }
  for (const [file, content] of chart.files) {
    const existing = await readExisting(chartDir, chartPath, file);
    if (existing === content) continue;
    plan.write.push(file);
    if (existing !== undefined) plan.conflicts.push(file);
  }
  return plan;
}

/** The chart file's text, or undefined when it does not exist. */
async function readExisting(
  chartDir: string,
  chartPath: string,
  file: string,
): Promise<string | undefined> {
  try {
    return await fs.readFile(resolveSafeChildPath(chartDir, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR' || code === 'EISDIR') {
      throw new InputError(
        `Cannot write the chart: ${path.posix.join(
          chartPath,
          file,
        )} or one of its parent folders is in the way (${code})`,
      );
    }
    throw error;
  }
}

function resolveChartDir(workspacePath: string, chartPath: string): string {
  try {
    return resolveSafeChildPath(workspacePath, chartPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') {
      throw new InputError(
        `Cannot write the chart: ${chartPath} or one of its parent folders is a file`,
      );
    }
    throw error;
  }
}

function toWorkspacePath(workspacePath: string, target: string): string {
  const relative = path.relative(workspacePath, target);
  return relative === '' ? '.' : relative.split(path.sep).join('/');
}
