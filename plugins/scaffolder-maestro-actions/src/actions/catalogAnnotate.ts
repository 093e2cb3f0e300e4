import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  DEFAULT_RELEASE_CHANNELS,
  explainInvalidImageRepository,
  MAESTRO_ANNOTATIONS,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import fs from 'node:fs/promises';
import yaml from 'yaml';
import { examples } from './catalogAnnotate.examples';

const CHANNEL_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * `maestro:catalog:annotate` writes the annotations that put a component under
 * Maestro into a catalog-info.yaml of the workspace, keeping the file's
 * comments, order and other documents. Running it twice changes nothing.
 *
 * @public
 */
export function createMaestroCatalogAnnotateAction() {
  return createTemplateAction({
    id: 'maestro:catalog:annotate',
    description:
      'Adds the Maestro annotations (image repository, release channels, Helm chart, rollout) to a catalog-info.yaml in the workspace',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string({
              description:
                'Catalog file, relative to the workspace (default catalog-info.yaml)',
            })
            .optional(),
        entityName: z =>
          z
            .string({
              description:
                'metadata.name of the entity to annotate; defaults to the first Component in the file',
            })
            .optional(),
        image: z =>
          z.string({
            description:
              'Image repository the component ships, without tag or digest, e.g. ghcr.io/acme/payments-api',
          }),
        channels: z =>
          z
            .array(z.string(), {
              description:
                'Release channels in promotion order (default dev, staging, prod)',
            })
            .min(1)
            .optional(),
        helmChart: z =>
          z
            .string({ description: 'Path of the Helm chart in the repository' })
            .optional(),
        rollout: z =>
          z
            .string({
              description: 'Name of the Argo Rollout that runs the component',
            })
            .optional(),
        githubProjectSlug: z =>
          z
            .string({ description: 'GitHub repository as owner/name' })
            .optional(),
      },
      output: {
        entityRef: z =>
          z.string({ description: 'Ref of the annotated entity' }),
        annotations: z =>
          z.record(z.string(), z.string(), {
            description: 'The Maestro annotations the entity now carries',
          }),
        changed: z =>
          z.boolean({ description: 'Whether the file had to be changed' }),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const catalogPath = input.path ?? 'catalog-info.yaml';
      const channels = input.channels ?? [...DEFAULT_RELEASE_CHANNELS];
      const imageProblem = explainInvalidImageRepository(input.image);
      if (imageProblem) {
        throw new InputError(`Invalid image: ${imageProblem}`);
      }
      const badChannel = channels.find(c => !CHANNEL_PATTERN.test(c));
      if (badChannel !== undefined) {
        throw new InputError(
          `Invalid channel '${badChannel}': use lower-case letters, digits and dashes`,
        );
      }
      if (
        input.githubProjectSlug !== undefined &&
        !/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(input.githubProjectSlug)
      ) {
        throw new InputError(
          `Invalid githubProjectSlug '${input.githubProjectSlug}': expected owner/name`,
        );
      }

      const filePath = resolveSafeChildPath(ctx.workspacePath, catalogPath);
      const original = await readCatalogFile(filePath, catalogPath);
      const annotations: Record<string, string> = {
        [MAESTRO_ANNOTATIONS.image]: input.image,
        [MAESTRO_ANNOTATIONS.channels]: channels.join(','),
      };
      if (input.helmChart) {
        annotations[MAESTRO_ANNOTATIONS.helmChart] = input.helmChart;
      }
      if (input.rollout) {
        annotations[MAESTRO_ANNOTATIONS.rollout] = input.rollout;
      }
      if (input.githubProjectSlug) {
        annotations[MAESTRO_ANNOTATIONS.githubProjectSlug] =
          input.githubProjectSlug;
      }

      const { text, entityRef } = annotate(
        original,
        catalogPath,
        input.entityName,
        annotations,
      );
      const changed = text !== original;
      // A dry run writes too, into its throwaway workspace, so the template
      // editor shows the annotated catalog file a real run leaves.
      if (changed) {
        await ctx.checkpoint({
          key: `maestro-catalog-annotate-${catalogPath}`,
          fn: async () => {
            await fs.writeFile(filePath, text, 'utf8');
          },
        });
      }
      ctx.logger.info(
        changed
          ? `Annotated ${entityRef} in ${catalogPath}`
          : `${entityRef} in ${catalogPath} already carries these annotations`,
      );
      ctx.output('entityRef', entityRef);
      ctx.output('annotations', annotations);
      ctx.output('changed', changed);
    },
  });
}

async function readCatalogFile(
  filePath: string,
  shownPath: string,
): Promise<string> {
  try {
    return await fs.readFile(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new InputError(`No catalog file at ${shownPath} in the workspace`);
    }
    throw error;
  }
}

function annotate(
  source: string,
  shownPath: string,
  entityName: string | undefined,
  annotations: Record<string, string>,
): { text: string; entityRef: string } {
  const documents = yaml.parseAllDocuments(source);
  for (const document of documents) {
    if (document.errors.length > 0) {
      throw new InputError(
        `${shownPath} is not valid YAML: ${document.errors[0].message}`,
      );
    }
  }
  const target = documents.find(document => {
    const kind = document.get('kind');
    const name = document.getIn(['metadata', 'name']);
    return entityName ? name === entityName : kind === 'Component';
  });
  if (!target) {
    throw new InputError(
      entityName
        ? `${shownPath} has no entity named '${entityName}'`
        : `${shownPath} has no Component entity`,
    );
  }
  let changed = false;
  for (const [key, value] of Object.entries(annotations)) {
    if (target.getIn(['metadata', 'annotations', key]) !== value) {
      target.setIn(['metadata', 'annotations', key], value);
      changed = true;
    }
  }
  const kind = String(target.get('kind') ?? 'Component').toLocaleLowerCase(
    'en-US',
  );
  const namespace = String(
    target.getIn(['metadata', 'namespace']) ?? 'default',
  );
  const entityRef = `${kind}:${namespace}/${String(
    target.getIn(['metadata', 'name']),
  )}`;
  if (!changed) {
    return { text: source, entityRef };
  }
  return { text: documents.map(d => d.toString()).join(''), entityRef };
}
