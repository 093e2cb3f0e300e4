/*
 * End-to-end test of the built portal: the production backend build serves
 * the production app build; Debian's Chromium, driven by playwright-core,
 * signs in as guest, opens the Maestro page, sees the demo services and opens
 * one entity page with its Maestro tab. Then the "Secure service" golden path
 * runs twice: through the scaffolder API and through the form in Chromium
 * (see goldenPath.mjs). Screenshots go to e2e/screenshots/ (git-ignored), the
 * backend's log and the published repositories to e2e/output/.
 *
 * Run after `npm run build`: `npm run test:e2e`.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  repositoriesDir,
  runTemplateInBrowser,
  runTemplateThroughApi,
  verifyRepository,
} from './goldenPath.mjs';
import { checkLiveBuildsTab } from './buildHud.mjs';
import { checkOutsider } from './outsider.mjs';
import { checkSupplyChainTab, pushDemoEvidence } from './supplyChain.mjs';
import {
  baseUrl,
  guestToken,
  launchChromium,
  output,
  root,
  screenshots,
  startBackend,
  waiter,
} from './lib.mjs';

// Demo components (examples/entities.yaml) and the titles the page shows for them.
const DEMO_SERVICES = {
  'checkout-web': 'Checkout Web',
  'fraud-scorer': 'Fraud Scorer',
  'ledger-worker': 'Ledger Worker',
  'payments-api': 'Payments API',
};

fs.mkdirSync(screenshots, { recursive: true });
fs.rmSync(output, { recursive: true, force: true });
fs.mkdirSync(repositoriesDir, { recursive: true });

const backend = startBackend();
const waitFor = waiter(backend.state);

let browser;
try {
  await waitFor(
    'the backend',
    async () => (await fetch(`${baseUrl}/api/maestro/health`)).ok,
  );
  console.log('Backend up; waiting for the catalog to ingest the demo data');
  await waitFor('the demo services in the catalog', async () => {
    const res = await fetch(`${baseUrl}/api/maestro/services`, {
      headers: { Authorization: `Bearer ${await guestToken()}` },
    });
    const { items } = await res.json();
    return items.length === Object.keys(DEMO_SERVICES).length;
  });

  console.log('Golden path through the scaffolder API');
  await runTemplateThroughApi(waitFor, {
    name: 'inventory-api',
    description: 'Stock levels per warehouse',
    owner: 'group:default/payments-team',
    language: 'go',
    rolloutStrategy: 'canary',
    channels: ['dev', 'staging', 'prod'],
    imageRegistry: 'ghcr.io/acme',
    publishTarget: 'local',
  });

  console.log('Supply-chain evidence through the CI example script');
  pushDemoEvidence();

  browser = await launchChromium();
  const page = await browser.newPage({
    viewport: { width: 1400, height: 900 },
  });
  page.setDefaultTimeout(60_000);
  // The signals WebSocket's traffic, for diagnosing live updates.
  const wsLog = fs.createWriteStream(path.join(output, 'websocket.log'));
  page.on('websocket', ws => {
    wsLog.write(`open ${ws.url()}\n`);
    ws.on('framesent', f => wsLog.write(`sent ${f.payload}\n`));
    ws.on('framereceived', f => wsLog.write(`recv ${f.payload}\n`));
    ws.on('close', () => wsLog.write('closed\n'));
  });

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
  await page.screenshot({
    path: path.join(screenshots, 'policies-tab.png'),
    fullPage: true,
  });
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

  // The guest (Ada, Payments Team) owns payments-api, so the permission
  // policy lets her add and revoke exemptions for it.
  console.log('Adding and revoking a policy exemption as the owner');
  await page.getByRole('button', { name: 'Add exemption' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('#exemption-rule').selectOption('MAESTRO-K8S-004');
  await dialog
    .getByLabel(/^Reason/)
    .fill('Load test sizing is still being measured');
  await dialog.getByLabel(/^Ticket/).fill('PAY-1234');
  await dialog.getByRole('button', { name: 'Add exemption' }).click();
  const exemptions = page.getByRole('list', { name: 'Active exemptions' });
  await exemptions.getByText('MAESTRO-K8S-004').waitFor();
  await page.screenshot({
    path: path.join(screenshots, 'entity-exemption.png'),
    fullPage: true,
  });
  await page
    .getByRole('button', {
      name: 'Revoke exemption from MAESTRO-K8S-004 (PAY-1234)',
    })
    .click();
  await page
    .getByRole('dialog', { name: 'Revoke exemption?' })
    .getByRole('button', { name: 'Revoke' })
    .click();
  await page.getByText('No active exemptions.').waitFor();
  console.log('The exemption was recorded, listed and revoked');

  await checkSupplyChainTab(page);
  await checkLiveBuildsTab(page);
  await checkOutsider(browser);

  console.log('Golden path through the template form');
  await runTemplateInBrowser(page, { name: 'orders-web' });
  verifyRepository({ name: 'orders-web', rolloutStrategy: 'rolling' });
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
  backend.child.kill('SIGTERM');
}
