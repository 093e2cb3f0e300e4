/*
 * The outsider's view: Edsger Dijkstra (Search Team, a demo user) signs in
 * through the demo sign-in in a fresh browser context, opens payments-api's
 * Maestro tab and finds the exemption buttons disabled; the same change sent
 * straight to the API with his token gets 403.
 */
import path from 'node:path';
import { baseUrl, demoUserToken, screenshots } from './lib.mjs';

export async function checkOutsider(browser) {
  console.log('Signing in as the outsider Edsger Dijkstra (demo sign-in)');
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
  });
  try {
    const page = await context.newPage();
    await page.goto(baseUrl);
    await page
      .getByRole('button', { name: 'Sign in as Edsger Dijkstra' })
      .click();
    await page.getByRole('link', { name: 'Maestro' }).first().waitFor();
    await page.goto(
      `${baseUrl}/catalog/default/component/payments-api/maestro`,
    );
    const add = page.getByRole('button', { name: 'Add exemption' }).first();
    await add.waitFor();
    if (!(await add.isDisabled())) {
      throw new Error('The outsider may add exemptions to payments-api');
    }
    await page.screenshot({
      path: path.join(screenshots, 'outsider-maestro-tab.png'),
      fullPage: true,
    });
    console.log("The outsider's Add exemption button is disabled");

    const res = await fetch(`${baseUrl}/api/maestro/policy/exemptions`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${await demoUserToken('edsger-dijkstra')}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        entityRef: 'component:default/payments-api',
        ruleId: 'MAESTRO-K8S-004',
        owner: 'user:default/edsger-dijkstra',
        reason: 'Trying what an outsider may do',
        ticket: 'SEARCH-1',
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      }),
    });
    if (res.status !== 403) {
      throw new Error(
        `The outsider's exemption got ${
          res.status
        }, not 403: ${await res.text()}`,
      );
    }
    console.log("The outsider's exemption request got 403");
  } finally {
    await context.close();
  }
}
