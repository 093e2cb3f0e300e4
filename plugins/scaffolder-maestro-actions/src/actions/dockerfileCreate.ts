import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  DOCKERFILE_LANGUAGES,
  readBaseImages,
  type DockerfileLanguage,
} from './dockerfile/baseImages';
import {
  renderDockerfile,
  renderDockerignore,
  type DockerfileSpec,
} from './dockerfile/presets';
import { examples } from './dockerfileCreate.examples';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$/;
const URL_SCHEMES = ['http:', 'https:', 'file:', 'git:', 'ssh:'];
const DEFAULT_PORT = 8080;
const DEFAULT_VERSION = '0.1.0';
const LABEL_INPUTS = {
  sourceUrl: 'org.opencontainers.image.source',
  vendor: 'org.opencontainers.image.vendor',
};

/**
 * `maestro:dockerfile:create` writes a Dockerfile and a .dockerignore for a
 * service of the workspace: a multi-stage BuildKit build on base images pinned
 * by digest (from `maestro.scaffolder.baseImages`, read once here), a
 * distroless final stage running as 65532, OCI labels and a HEALTHCHECK that
 * runs the service's own probe. The result passes Maestro's Dockerfile policy
 * pack in the default and the strict profile.
 *
 * Running it twice changes nothing; a different Dockerfile or .dockerignore
 * already in place is refused unless `overwrite` is set.
 *
 * @public
 */
export function createMaestroDockerfileCreateAction(options: {
  config: Config;
}) {
  const baseImages = readBaseImages(options.config);
  return createTemplateAction({
    id: 'maestro:dockerfile:create',
    description:
      'Writes a hardened multi-stage Dockerfile (distroless, non-root, digest-pinned, OCI labels, HEALTHCHECK) and a .dockerignore for a Node, Python, Go or Java service',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string({
              description:
                'Service directory, relative to the workspace (default: the workspace itself)',
            })
            .optional(),
        name: z =>
          z.string({
            description:
              'Service name, used as the image title: letters, digits, dots, dashes, underscores',
          }),
        language: z =>
          z.enum(DOCKERFILE_LANGUAGES, {
            description: 'Language preset: node, python, go or java',
          }),
        port: z =>
          z
            .number({
              description:
                'Port the service listens on, 1024-65535 (default 8080)',
            })
            .int()
            .optional(),
        description: z =>
          z
            .string({
              description:
                'One-line description (org.opencontainers.image.description)',
            })
            .optional(),
        sourceUrl: z =>
          z
            .string({
              description:
                'Repository URL (org.opencontainers.image.source), e.g. https://github.com/acme/payments-api',
            })
            .optional(),
        vendor: z =>
          z
            .string({
              description:
                'Organisation publishing the image (org.opencontainers.image.vendor)',
            })
            .optional(),
        version: z =>
          z
            .string({
              description:
                'Default of the VERSION build argument (org.opencontainers.image.version; default 0.1.0)',
            })
            .optional(),
        overwrite: z =>
          z
            .boolean({
              description:
                'Replace a different Dockerfile or .dockerignore already there (default false)',
            })
            .optional(),
      },
      output: {
        dockerfilePath: z =>
          z.string({ description: 'Dockerfile, relative to the workspace' }),
        dockerignorePath: z =>
          z.string({ description: '.dockerignore, relative to the workspace' }),
        baseImages: z =>
          z.object(
            {
              build: z.string({ description: 'Image of the build stage' }),
              runtime: z.string({ description: 'Image of the final stage' }),
            },
            { description: 'The digest-pinned base images used' },
          ),
        changed: z =>
          z.boolean({
            description:
              'Whether a file was written (in a dry run too, into its workspace)',
          }),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const spec = toSpec(input, baseImages);
      const serviceDir = input.path ?? '.';
      if (path.isAbsolute(serviceDir)) {
        throw new InputError(
          `Invalid path '${serviceDir}': give a directory relative to the workspace`,
        );
      }
      const directory = resolveSafeChildPath(ctx.workspacePath, serviceDir);
      // resolveSafeChildPath follows symlinks, so a linked directory cannot lead out.
      await assertDirectoryOrAbsent(directory, serviceDir);

      const files = [
        { name: 'Dockerfile', content: renderDockerfile(spec) },
        { name: '.dockerignore', content: renderDockerignore(spec.language) },
      ].map(file => ({
        ...file,
        shownPath: path.posix.join(toPosix(serviceDir), file.name),
        absolutePath: resolveSafeChildPath(directory, file.name),
      }));

      const pending: typeof files = [];
      const conflicts: string[] = [];
      for (const file of files) {
        const existing = await readIfExists(file.absolutePath, file.shownPath);
        if (existing === file.content) continue;
        pending.push(file);
        if (existing !== undefined) conflicts.push(file.shownPath);
      }
      if (conflicts.length > 0 && !input.overwrite) {
        throw new InputError(
          `${conflicts.join(' and ')} already ${
            conflicts.length > 1 ? 'exist' : 'exists'
          } with other content; set overwrite: true to replace it, or remove it first`,
        );
      }

      const changed = pending.length > 0;
      // A dry run writes too: its workspace is a throwaway copy, the template
      // editor lists the files it holds, and a maestro:policy:check step after
      // this one checks the real Dockerfile.
      if (changed) {
        await ctx.checkpoint({
          key: `maestro-dockerfile-create-${files[0].shownPath}`,
          fn: async () => {
            await fs.mkdir(directory, { recursive: true });
            for (const file of pending) {
              await fs.writeFile(file.absolutePath, file.content, 'utf8');
            }
          },
        });
      }
      ctx.logger.info(
        changed
          ? `Wrote ${pending.map(file => file.shownPath).join(' and ')} (${
              spec.language
            }, ${spec.images.runtime})`
          : `${files[0].shownPath} and its .dockerignore are already up to date`,
      );
      const missingLabels = Object.entries(LABEL_INPUTS).filter(
        ([field]) => !spec[field as keyof typeof LABEL_INPUTS],
      );
      for (const [field, label] of missingLabels) {
        ctx.logger.warn(
          `No ${field} given, so the image has no ${label} label (policy rule MAESTRO-DF-004 warns about it)`,
        );
      }
      ctx.output('dockerfilePath', files[0].shownPath);
      ctx.output('dockerignorePath', files[1].shownPath);
      ctx.output('baseImages', { ...spec.images });
      ctx.output('changed', changed);
    },
  });
}

type ActionInput = {
  name: string;
  language: string;
  port?: number;
  description?: string;
  sourceUrl?: string;
  vendor?: string;
  version?: string;
};

/**
 * Checks the input the way the scaffolder's JSON schema would and more (the
 * handler may be called without it), turning every problem into an InputError.
 */
function toSpec(
  input: ActionInput,
  baseImages: ReturnType<typeof readBaseImages>,
): DockerfileSpec {
  if (typeof input.name !== 'string' || !NAME.test(input.name)) {
    throw new InputError(
      `Invalid name '${input.name}': use up to 63 letters, digits, dots, dashes and underscores, starting with a letter or digit`,
    );
  }
  if (!(DOCKERFILE_LANGUAGES as readonly string[]).includes(input.language)) {
    throw new InputError(
      `Unknown language '${
        input.language
      }': expected one of ${DOCKERFILE_LANGUAGES.join(', ')}`,
    );
  }
  const language = input.language as DockerfileLanguage;
  const port = input.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 1024 || port > 65535) {
    throw new InputError(
      `Invalid port '${input.port}': use a whole number from 1024 to 65535 (the image runs as a non-root user, which cannot bind ports below 1024)`,
    );
  }
  const version = input.version ?? DEFAULT_VERSION;
  if (!VERSION.test(version)) {
    throw new InputError(
      `Invalid version '${version}': use letters, digits, dots, dashes and plus signs, e.g. 1.4.0`,
    );
  }
  if (input.sourceUrl !== undefined && !isUrl(input.sourceUrl)) {
    throw new InputError(
      `Invalid sourceUrl '${
        input.sourceUrl
      }': expected an absolute URL (${URL_SCHEMES.map(s => s.slice(0, -1)).join(
        ', ',
      )})`,
    );
  }
  return {
    name: input.name,
    language,
    port,
    version,
    description: oneLine('description', input.description, 256),
    sourceUrl: input.sourceUrl,
    vendor: oneLine('vendor', input.vendor, 128),
    images: baseImages[language],
  };
}

function oneLine(
  field: string,
  value: string | undefined,
  max: number,
): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value) || value.length > max) {
    throw new InputError(
      `Invalid ${field}: use a single line of at most ${max} characters`,
    );
  }
  return value.trim();
}

function isUrl(value: string): boolean {
  if (/[\s"'\\]/.test(value)) return false;
  try {
    return URL_SCHEMES.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function toPosix(relative: string): string {
  const normalized = path.posix.normalize(relative.split(path.sep).join('/'));
  return normalized === '' ? '.' : normalized;
}

async function assertDirectoryOrAbsent(directory: string, shown: string) {
  const stat = await fs.stat(directory).catch(error => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  });
  if (stat && !stat.isDirectory()) {
    throw new InputError(
      `Invalid path '${shown}': it is a file, not a directory`,
    );
  }
}

/** The file's text, or undefined when absent. A symlink is refused: writing would follow it. */
async function readIfExists(
  file: string,
  shown: string,
): Promise<string | undefined> {
  try {
    if ((await fs.lstat(file)).isSymbolicLink()) {
      throw new InputError(
        `${shown} is a symlink; replace it with a regular file or remove it`,
      );
    }
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
