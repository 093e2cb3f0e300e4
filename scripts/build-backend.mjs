#!/usr/bin/env node
/*
 * Production build of packages/backend without Yarn.
 *
 * `backstage-cli package build` on a backend package assembles a deployable
 * workspace with `yarn pack` and `yarn.lock`, which an npm-workspaces repo does
 * not have. This script builds the same thing the npm way:
 *
 *   1. type declarations (`tsc`), then `backstage-cli package build` for every
 *      workspace package the backend depends on (common, node, backend plugin,
 *      scaffolder module);
 *   2. `npm pack` of each one, which runs its `prepack` script (the Backstage
 *      CLI rewrites `main`/`types` to the built `dist` files, as on publish),
 *      unpacked into packages/backend/dist/node_modules/<name>;
 *   3. the backend's own entry point, built by the Backstage packager into
 *      packages/backend/dist/index.cjs.js (done first: the packager empties dist/).
 *
 * `node packages/backend/dist/index.cjs.js` then runs built code only: Node
 * resolves the workspace packages from dist/node_modules first, and their
 * third-party dependencies from the repository's node_modules.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const backendDir = path.join(root, 'packages/backend');
const distDir = path.join(backendDir, 'dist');
const run = (command, args, cwd = root) =>
  execFileSync(command, args, { cwd, stdio: 'inherit', env: process.env });

const workspaceDirs = new Map(
  ['plugins', 'packages'].flatMap(parent =>
    fs.readdirSync(path.join(root, parent)).flatMap(name => {
      const file = path.join(root, parent, name, 'package.json');
      if (!fs.existsSync(file)) return [];
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
      return [[pkg.name, { dir: path.dirname(file), pkg }]];
    }),
  ),
);

// Workspace packages the backend needs at run time, dependencies first.
function localDependencies(name, seen = new Set()) {
  const { pkg } = workspaceDirs.get(name);
  for (const dep of Object.keys(pkg.dependencies ?? {})) {
    const local = workspaceDirs.get(dep);
    if (local && !seen.has(dep) && local.pkg.backstage?.role !== 'frontend') {
      localDependencies(dep, seen);
      seen.add(dep);
    }
  }
  return seen;
}
const packages = [...localDependencies('backend')];

console.log('Building type declarations (tsc)');
run('npx', ['tsc']);

fs.rmSync(distDir, { recursive: true, force: true });
// The packager empties dist/, so the backend's own entry point comes first.
console.log('Building backend');
run(
  'npx',
  ['backstage-cli', 'package', 'build', '--role', 'backend-plugin'],
  backendDir,
);
if (!fs.existsSync(path.join(distDir, 'index.cjs.js'))) {
  throw new Error('The backend build did not produce dist/index.cjs.js');
}
const modulesDir = path.join(distDir, 'node_modules');
fs.mkdirSync(modulesDir, { recursive: true });

for (const name of packages) {
  const { dir } = workspaceDirs.get(name);
  console.log(`Building ${name}`);
  run('npx', ['backstage-cli', 'package', 'build'], dir);
  const packDir = fs.mkdtempSync(path.join(distDir, 'pack-'));
  run('npm', ['pack', '--silent', '--pack-destination', packDir], dir);
  const [tarballName] = fs.readdirSync(packDir).filter(f => f.endsWith('.tgz'));
  const tarball = path.join(packDir, tarballName);
  const target = path.join(modulesDir, name);
  fs.mkdirSync(target, { recursive: true });
  run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  fs.rmSync(packDir, { recursive: true });
}

console.log(
  `Backend built: ${path.relative(root, distDir)}/index.cjs.js with ${
    packages.length
  } workspace packages`,
);
