/*
 * Build HUD end to end: with payments-api's Builds tab open, a pull request's
 * GitHub webhooks are posted to the backend, signed with the webhook secret
 * of e2e/app-config.e2e.yaml, and the PR with its stages appears on the open
 * page without a reload (Backstage signals). A forged delivery is refused.
 */
import path from 'node:path';
import { replayPullRequest } from '../examples/hud/replay-pr.mjs';
import { baseUrl, screenshots } from './lib.mjs';

const WEBHOOK_URL = `${baseUrl}/api/events/http/github`;
export const E2E_WEBHOOK_SECRET = 'maestro-e2e-webhook-secret';

export async function checkLiveBuildsTab(page) {
  await page
    .locator('a[href$="/component/payments-api/builds"]')
    .first()
    .click();
  await page.waitForURL(/\/component\/payments-api\/builds$/);
  const title = 'Retry card captures on gateway timeouts';
  await page.getByText('No builds yet').waitFor();
  // Past the tab's one catch-up refetch after mounting (6 s), so what shows
  // the PR below can only be a signal.
  await page.waitForTimeout(7_000);

  let forgedRefused = false;
  try {
    await replayPullRequest({
      url: WEBHOOK_URL,
      secret: 'not-the-secret',
      delayMs: 0,
      number: 77,
    });
  } catch (error) {
    forgedRefused = /403/.test(error.message);
  }
  if (!forgedRefused) {
    throw new Error('A delivery signed with the wrong secret was not refused');
  }

  const navigations = [];
  page.on('framenavigated', frame => {
    if (frame === page.mainFrame()) navigations.push(frame.url());
  });
  await replayPullRequest({
    url: WEBHOOK_URL,
    secret: E2E_WEBHOOK_SECRET,
    delayMs: 50,
    number: 77,
  });
  await page.getByText(title).first().waitFor({ timeout: 20_000 });
  if (navigations.length > 0) {
    throw new Error(`The page reloaded: ${navigations.join(', ')}`);
  }
  await page.screenshot({
    path: path.join(screenshots, 'entity-builds-live.png'),
    fullPage: true,
  });
  console.log(
    'Builds tab: a forged webhook was refused; the signed PR appeared live without a reload',
  );
}
