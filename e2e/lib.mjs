/*
 * Shared parts of the end-to-end tests: the built backend serving the built
 * app, a guest session token, waiting, and Chromium.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
);
export const baseUrl = 'http://localhost:7007';
export const screenshots = path.join(root, 'e2e/screenshots');
export const output = path.join(root, 'e2e/output');

/** Starts the production backend build with the e2e config; logs to e2e/output/backend.log. */
export function startBackend() {
  for (const built of [
    'packages/backend/dist/index.cjs.js',
    'packages/app/dist/index.html',
  ]) {
    if (!fs.existsSync(path.join(root, built))) {
      throw new Error(`Missing ${built}: run \`npm run build\` first.`);
    }
  }
  const log = fs.createWriteStream(path.join(output, 'backend.log'));
  const child = spawn(
    process.execPath,
    [
      'dist/index.cjs.js',
      '--config',
      '../../app-config.yaml',
      '--config',
      '../../e2e/app-config.e2e.yaml',
    ],
    {
      cwd: path.join(root, 'packages/backend'),
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const state = { exited: false };
  child.on('exit', code => {
    state.exited = true;
    if (code)
      console.error(
        `The backend exited with code ${code}; see e2e/output/backend.log`,
      );
  });
  return { child, state };
}

export function waiter(backendState) {
  return async function waitFor(what, check, timeoutMs = 180_000) {
    const deadline = Date.now() + timeoutMs;
    let lastError;
    for (;;) {
      if (backendState.exited)
        throw new Error(`The backend stopped while waiting for ${what}`);
      try {
        const value = await check();
        if (value) return value;
      } catch (error) {
        lastError = error;
      }
      if (Date.now() > deadline)
        throw new Error(
          `Timed out waiting for ${what}${
            lastError ? ` (last error: ${lastError.message})` : ''
          }`,
        );
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  };
}

/** A Backstage token of the guest user (the demo's Ada Lovelace). */
export async function guestToken() {
  const session = await fetch(
    `${baseUrl}/api/auth/guest/refresh?env=development`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  ).then(r => r.json());
  return session.backstageIdentity.token;
}

/** A Backstage token of a demo user (auth.providers.demo.users), e.g. edsger-dijkstra. */
export async function demoUserToken(user) {
  const res = await fetch(`${baseUrl}/api/auth/demo/refresh?env=development`, {
    headers: {
      'X-Requested-With': 'XMLHttpRequest',
      'X-Maestro-Demo-User': user,
    },
  });
  if (!res.ok) {
    throw new Error(
      `Demo sign-in as ${user}: ${res.status} ${await res.text()}`,
    );
  }
  return (await res.json()).backstageIdentity.token;
}

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
