import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { examples } from './catalogRegisterLocal.examples';
import { localRepositoriesDirectory } from './publishLocal';

/**
 * `maestro:catalog:register-local` registers the catalog-info.yaml of a
 * repository made by `maestro:publish:local` as a `file` location, the local
 * counterpart of the built-in `catalog:register` (which only takes URLs).
 *
 * Only files inside the configured local repositories folder can be
 * registered, so a template cannot make the catalog read arbitrary files of
 * the backend's disk. Registering the same file again is not an error.
 *
 * In a dry run `maestro:publish:local` publishes nothing, so the repository's
 * file does not exist: the entity ref is read from the same path in the
 * workspace (what publishing the workspace would put there) or, when the
 * workspace has no such file, derived from the repository's folder name.
 *
 * @public
 */
export function createMaestroCatalogRegisterLocalAction(options: {
  config: Config;
  catalog: CatalogService;
}) {
  const root = localRepositoriesDirectory(options.config);
  return createTemplateAction({
    id: 'maestro:catalog:register-local',
    description:
      'Registers the catalog file of a repository published by maestro:publish:local in the software catalog',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoContentsUrl: z =>
          z.string({
            description:
              'The repoContentsUrl output of maestro:publish:local (a folder in the local repositories folder)',
          }),
        catalogInfoPath: z =>
          z
            .string({
              description:
                'Catalog file inside the repository (default /catalog-info.yaml)',
            })
            .optional(),
      },
      output: {
        entityRef: z =>
          z.string({ description: 'Ref of the first entity in the file' }),
        catalogInfoUrl: z =>
          z.string({ description: 'The file the catalog reads' }),
      },
    },
    async handler(ctx) {
      const repository = path.resolve(ctx.input.repoContentsUrl);
      const relativePath = (
        ctx.input.catalogInfoPath ?? 'catalog-info.yaml'
      ).replace(/^\/+/, '');
      const file = path.resolve(repository, `.${path.sep}${relativePath}`);
      if (!isInside(root, repository) || !isInside(repository, file)) {
        throw new InputError(
          `Only catalog files inside the local repositories folder ${root} can be registered`,
        );
      }
      if (ctx.isDryRun) {
        const entityRef = await dryRunEntityRef(
          resolveSafeChildPath(ctx.workspacePath, relativePath),
          repository,
        );
        ctx.logger.info(
          `Dry run: would register ${file} (${entityRef}) in the catalog`,
        );
        ctx.output('entityRef', entityRef);
        ctx.output('catalogInfoUrl', file);
        return;
      }
      const entityRef = await firstEntityRef(file);
      if (entityRef === undefined) {
        throw new InputError(`No catalog file at ${file}`);
      }
      ctx.output('entityRef', entityRef);
      ctx.output('catalogInfoUrl', file);
      const credentials = await ctx.getInitiatorCredentials();
      await ctx.checkpoint({
        key: `maestro-catalog-register-local-${file}`,
        fn: async () => {
          try {
            await options.catalog.addLocation(
              { type: 'file', target: file },
              { credentials },
            );
          } catch (error) {
            // The location is already registered: nothing to do.
            if ((error as Error).name !== ConflictError.name) throw error;
          }
        },
      });
      ctx.logger.info(`Registered ${file} (${entityRef}) in the catalog`);
    },
  });
}

function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return (
    relative !== '' &&
    !relative.startsWith(`..${path.sep}`) &&
    relative !== '..' &&
    !path.isAbsolute(relative)
  );
}

/** The workspace's copy of the file, else `component:default/<repository folder>`. */
async function dryRunEntityRef(
  workspaceFile: string,
  repository: string,
): Promise<string> {
  return (
    (await firstEntityRef(workspaceFile)) ??
    stringifyEntityRef({ kind: 'Component', name: path.basename(repository) })
  );
}

/** The ref of the first entity in `file`; undefined when there is no such file. */
async function firstEntityRef(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new InputError(`Cannot read the catalog file at ${file}: ${code}`);
  }
  for (const document of yaml.parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      throw new InputError(
        `${file} is not valid YAML: ${document.errors[0].message}`,
      );
    }
    const value = document.toJSON();
    if (value?.kind && value?.metadata?.name) {
      return stringifyEntityRef({
        kind: String(value.kind),
        namespace: value.metadata.namespace,
        name: String(value.metadata.name),
      });
    }
  }
  throw new InputError(`${file} holds no catalog entity`);
}
