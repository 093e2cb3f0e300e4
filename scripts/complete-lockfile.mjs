#!/usr/bin/env node
/*
 * Adds lockfile entries for other platforms' optional native packages
 * (`@swc/core-darwin-arm64`, `@rollup/rollup-win32-x64-msvc`, …) that npm
 * left out because the registry it resolved against does not carry them.
 * Without the entries `npm ci` refuses the lockfile as out of sync. npm never
 * downloads them on a platform they do not match; on one they match, npm
 * fetches them from the registry as usual.
 *
 * Run after changing dependencies: `npm install && node scripts/complete-lockfile.mjs`.
 */
import fs from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const packages = lock.packages;

const OS = [
  'darwin',
  'linux',
  'win32',
  'freebsd',
  'openbsd',
  'android',
  'sunos',
  'aix',
  'openharmony',
  'netbsd',
];
const CPU = [
  'arm64',
  'x64',
  'ia32',
  'arm',
  'ppc64',
  's390x',
  'riscv64',
  'loong64',
  'wasm32',
];
const platformOf = name => {
  const parts = name.split('/').pop().split('-');
  const os =
    parts.find(p => OS.includes(p)) ??
    (parts.includes('win32') ? 'win32' : undefined);
  let cpu = parts.find(p => CPU.includes(p));
  if (!cpu && parts.some(p => p.startsWith('arm'))) cpu = 'arm';
  if (!cpu && parts.includes('universal')) cpu = undefined;
  return {
    os,
    cpu,
    libc: parts.some(p => p.startsWith('musl'))
      ? 'musl'
      : parts.some(p => p === 'gnu' || p.startsWith('gnueabi'))
      ? 'glibc'
      : undefined,
  };
};

let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = location ? `${location}/node_modules/` : 'node_modules/';
    const candidates = [`${base}${name}`, `node_modules/${name}`];
    if (candidates.some(c => packages[c])) continue;
    if (!/^\d+\.\d+\.\d+/.test(spec)) continue; // only exact versions can be pinned safely
    const { os, cpu, libc } = platformOf(name);
    if (!os && !cpu) continue;
    packages[`node_modules/${name}`] = {
      version: spec,
      optional: true,
      ...(os ? { os: [os] } : {}),
      ...(cpu ? { cpu: [cpu] } : {}),
      ...(libc ? { libc: [libc] } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  ),
);
fs.writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`Added ${added} optional platform packages to package-lock.json`);
