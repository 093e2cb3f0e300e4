import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { findNode, parseJsonFile } from './turbo/jsonEdit';
import {
  planTurboJson,
  SERVICE_TASKS,
  type TurboTaskDefinitions,
} from './turbo/turboJson';
import {
  planPackageJson,
  planPnpmWorkspace,
  type WorkspacePlan,
} from './turbo/workspaceGlobs';
import { examples } from './turboRegister.examples';

// npm's rules for package names (lower case, optional scope).
const PACKAGE_NAME = /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;
const TASK_NAME = /^[^#\s]+$/;
const GLOB_CHARACTERS = /[*?[\]{}!]/;

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

/** The `name` in the service's own package.json, when it has one. */
async function declaredPackageName(
  file: string,
  shownFile: string,
): Promise<string | undefined> {
  const text = await readOptional(file);
  if (text === undefined) {
    return undefined;
  }
  const parsed = parseJsonFile(text, shownFile, {
    comments: false,
    inlineScalarArrays: false,
  });
  const name = findNode(parsed, ['name']);
  return name?.type === 'string' ? name.value : undefined;
}

/**
 * `maestro:turbo:register` adds a service to a Turborepo monorepo: its
 * package-scoped tasks to turbo.json (created with generic build, test and
 * lint tasks when absent) and its folder to the workspace globs
 * (pnpm-workspace.yaml, or the root package.json's `workspaces`) unless a
 * glob already covers it. Existing entries, comments and formatting are kept;
 * every file is checked before any is written; running it twice changes
 * nothing.
 *
 * @public
 */
export function createMaestroTurboRegisterAction() {
  return createTemplateAction({
    id: 'maestro:turbo:register',
    description:
      'Registers a service in a Turborepo monorepo: package-scoped tasks in turbo.json and the folder in the workspace globs',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z.string({
            description:
              'Folder of the service, relative to the workspace, e.g. services/payments-api',
          }),
        packageName: z =>
          z
            .string({
              description:
                "The service's package name; defaults to the name in its package.json, else the folder name",
            })
            .optional(),
        tasks: z =>
          z
            .record(z.string(), z.record(z.string(), z.unknown()), {
              description:
                'Task definitions (turbo 2 syntax) keyed by task name, written as "<package>#<task>"; defaults to build and docker',
            })
            .optional(),
        turboJsonPath: z =>
          z
            .string({
              description:
                'turbo.json of the repository, relative to the workspace (default turbo.json); its folder is the repository root',
            })
            .optional(),
      },
      output: {
        turboJsonPath: z =>
          z.string({ description: 'The turbo.json written or checked' }),
        workspaceFile: z =>
          z.string({
            description:
              'The file holding the workspace globs (package.json or pnpm-workspace.yaml)',
          }),
        workspaceGlob: z =>
          z.string({
            description:
              'The glob that covers the service: an existing one or the added path',
          }),
        changed: z =>
          z.boolean({ description: 'Whether any file had to be changed' }),
        addedTasks: z =>
          z.array(z.string(), {
            description: 'turbo.json task keys added, e.g. payments-api#build',
          }),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const turboJsonPath = path.posix.normalize(
        input.turboJsonPath ?? 'turbo.json',
      );
      const turboFile = resolveSafeChildPath(ctx.workspacePath, turboJsonPath);
      const rootDir = path.dirname(turboFile);
      const shownRoot = path.posix.dirname(turboJsonPath);
      const shown = (file: string) =>
        shownRoot === '.' ? file : `${shownRoot}/${file}`;

      if (GLOB_CHARACTERS.test(input.path)) {
        throw new InputError(
          `path '${input.path}' must be a folder, not a glob`,
        );
      }
      const serviceDir = resolveSafeChildPath(ctx.workspacePath, input.path);
      const servicePath = path
        .relative(rootDir, serviceDir)
        .split(path.sep)
        .join('/');
      if (
        servicePath === '' ||
        servicePath === '..' ||
        servicePath.startsWith('../')
      ) {
        throw new InputError(
          `path '${input.path}' must be a folder below the repository root '${shownRoot}' (the folder of ${turboJsonPath})`,
        );
      }

      const declaredName = await declaredPackageName(
        path.join(serviceDir, 'package.json'),
        shown(`${servicePath}/package.json`),
      );
      const packageName =
        input.packageName ?? declaredName ?? path.posix.basename(servicePath);
      if (!PACKAGE_NAME.test(packageName)) {
        throw new InputError(
          `Invalid packageName '${packageName}': use an npm package name (lower case, optionally @scope/name)`,
        );
      }
      if (declaredName !== undefined && packageName !== declaredName) {
        throw new InputError(
          `packageName '${packageName}' differs from the name '${declaredName}' in ${shown(
            `${servicePath}/package.json`,
          )}; turbo addresses the package by that name`,
        );
      }
      if (declaredName === undefined) {
        // Not fatal: the template may add the package.json in a later step.
        ctx.logger.warn(
          `${shown(
            `${servicePath}/package.json`,
          )} does not exist: the package manager and turbo only see a folder with a package.json named '${packageName}'`,
        );
      }
      const tasks: TurboTaskDefinitions = input.tasks ?? SERVICE_TASKS;
      const badTask = Object.keys(tasks).find(name => !TASK_NAME.test(name));
      if (badTask !== undefined) {
        throw new InputError(
          `Invalid task name '${badTask}': give the task alone (build), the action adds "${packageName}#"`,
        );
      }

      // Plan every file before writing any, so a malformed one leaves all untouched.
      const turboOriginal = await readOptional(turboFile);
      const turbo = planTurboJson(
        turboOriginal,
        turboJsonPath,
        packageName,
        tasks,
      );
      let workspaceFile = shown('pnpm-workspace.yaml');
      let workspaceTarget = path.join(rootDir, 'pnpm-workspace.yaml');
      let workspace: WorkspacePlan;
      const pnpmWorkspace = await readOptional(workspaceTarget);
      if (pnpmWorkspace !== undefined) {
        workspace = planPnpmWorkspace(
          pnpmWorkspace,
          workspaceFile,
          servicePath,
        );
      } else {
        workspaceFile = shown('package.json');
        workspaceTarget = path.join(rootDir, 'package.json');
        const packageJson = await readOptional(workspaceTarget);
        if (packageJson === undefined) {
          throw new InputError(
            `No ${workspaceFile} or ${shown(
              'pnpm-workspace.yaml',
            )}: turbo needs a package manager workspace at the repository root`,
          );
        }
        workspace = planPackageJson(packageJson, workspaceFile, servicePath);
      }

      const writes: Array<[string, string]> = [];
      if (turbo.text !== turboOriginal) {
        writes.push([turboFile, turbo.text]);
      }
      if (workspace.text !== undefined) {
        writes.push([workspaceTarget, workspace.text]);
      }
      const changed = writes.length > 0;
      // A dry run writes too, into its throwaway workspace, so the template
      // editor shows the turbo.json and workspace globs a real run leaves.
      if (changed) {
        await ctx.checkpoint({
          key: `maestro-turbo-register-${turboJsonPath}-${servicePath}`,
          fn: async () => {
            for (const [file, text] of writes) {
              await fs.writeFile(file, text, 'utf8');
            }
          },
        });
      }

      for (const key of turbo.added) {
        ctx.logger.info(`Added task ${key} to ${turboJsonPath}`);
      }
      for (const key of turbo.kept) {
        ctx.logger.info(
          `${turboJsonPath} already defines ${key}; left as it is`,
        );
      }
      ctx.logger.info(
        workspace.text === undefined
          ? `${servicePath} is already covered by '${workspace.glob}' in ${workspaceFile}`
          : `Added ${servicePath} to the workspaces in ${workspaceFile}`,
      );
      ctx.output('turboJsonPath', turboJsonPath);
      ctx.output('workspaceFile', workspaceFile);
      ctx.output('workspaceGlob', workspace.glob);
      ctx.output('changed', changed);
      ctx.output('addedTasks', turbo.added);
    },
  });
}
