#!/usr/bin/env node
/*
 * End-to-end test of the built portal: the production backend build serves
 * the production app build; Debian's Chromium, driven by playwright-core,
 * signs in as guest, opens the Maestro page, sees the demo services and opens
 * one entity page with its Maestro tab. Screenshots go to e2e/screenshots/
 * (git-ignored), the backend's log to e2e/output/backend.log.
 *
 * Run after `npm run build`: `npm run test:e2e`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const baseUrl = 'http://localhost:7007';
const screenshots = path.join(root, 'e2e/screenshots');
const output = path.join(root, 'e2e/output');
// Demo components (examples/entities.yaml) and the titles the page shows for them.
const DEMO_SERVICES = {
  'checkout-web': 'Checkout Web',
  'fraud-scorer': 'Fraud Scorer',
  'ledger-worker': 'Ledger Worker',
  'payments-api': 'Payments API',
};

fs.mkdirSync(screenshots, { recursive: true });
fs.mkdirSync(output, { recursive: true });

for (const built of [
  'packages/backend/dist/index.cjs.js',
  'packages/app/dist/index.html',
]) {
  if (!fs.existsSync(path.join(root, built))) {
    console.error(`Missing ${built}: run \`npm run build\` first.`);
    process.exit(1);
  }
}

const log = fs.createWriteStream(path.join(output, 'backend.log'));
const backend = spawn(
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
backend.stdout.pipe(log);
backend.stderr.pipe(log);
let backendExited = false;
backend.on('exit', code => {
  backendExited = true;
  if (code)
    console.error(
      `The backend exited with code ${code}; see e2e/output/backend.log`,
    );
});

async function waitFor(what, check, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (backendExited)
      throw new Error(`The backend stopped while waiting for ${what}`);
    try {
      const value = await check();
      if (value) return value;
    } catch {
      // not ready yet
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

let browser;
try {
  await waitFor(
    'the backend',
    async () => (await fetch(`${baseUrl}/api/maestro/health`)).ok,
  );
  console.log('Backend up; waiting for the catalog to ingest the demo data');
  await waitFor('the demo services in the catalog', async () => {
    const session = await fetch(
      `${baseUrl}/api/auth/guest/refresh?env=development`,
      {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      },
    ).then(r => r.json());
    const res = await fetch(`${baseUrl}/api/maestro/services`, {
      headers: { Authorization: `Bearer ${session.backstageIdentity.token}` },
    });
    const { items } = await res.json();
    return items.length === Object.keys(DEMO_SERVICES).length;
  });

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({
    viewport: { width: 1400, height: 900 },
  });
  page.setDefaultTimeout(60_000);

  console.log('Signing in as guest');
  await page.goto(baseUrl);
  await page.getByRole('button', { name: 'Enter' }).click();

  console.log('Opening the Maestro page from the sidebar');
  await page.getByRole('link', { name: 'Maestro' }).first().click();
  await page.waitForURL(`${baseUrl}/maestro`);
  const table = page.getByRole('table').first();
  for (const title of Object.values(DEMO_SERVICES)) {
    await table.getByRole('link', { name: title, exact: true }).waitFor();
  }
  await page.screenshot({
    path: path.join(screenshots, 'maestro-page.png'),
    fullPage: true,
  });
  console.log(`Maestro page lists ${Object.values(DEMO_SERVICES).join(', ')}`);

  console.log('Opening the Policies tab');
  await page.getByRole('tab', { name: 'Policies' }).click();
  await page.getByText('MAESTRO-DF-001', { exact: true }).first().waitFor();
  await page.screenshot({ path: path.join(screenshots, 'policies-tab.png'), fullPage: true });
  console.log('Policies tab lists the built-in rule pack');
  await page.getByRole('tab', { name: 'Services & ledger' }).click();

  console.log('Opening the payments-api entity page');
  await table.getByRole('link', { name: 'Payments API', exact: true }).click();
  await page.waitForURL(/\/catalog\/default\/component\/payments-api/);
  // The entity page's tabs are links; the sidebar has a "Maestro" link too.
  await page
    .locator('a[href$="/component/payments-api/maestro"]')
    .first()
    .click();
  await page.waitForURL(/\/component\/payments-api\/maestro$/);
  await page.getByText('ghcr.io/acme/payments-api').first().waitFor();
  await page.screenshot({
    path: path.join(screenshots, 'entity-maestro-tab.png'),
    fullPage: true,
  });
  console.log('Entity page shows the Maestro tab with the image repository');
  console.log(
    `E2E passed; screenshots in ${path.relative(root, screenshots)}/`,
  );
} catch (error) {
  console.error(`E2E failed: ${error.stack ?? error}`);
  process.exitCode = 1;
  if (browser) {
    const [context] = browser.contexts();
    const [page] = context?.pages() ?? [];
    await page
      ?.screenshot({
        path: path.join(screenshots, 'failure.png'),
        fullPage: true,
      })
      .catch(() => {});
  }
} finally {
  await browser?.close();
  backend.kill('SIGTERM');
}
