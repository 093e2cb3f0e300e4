/*
 * The "Secure service" golden path end to end: the running backend executes
 * the template (through the scaffolder API, and through the form in
 * Chromium), publishes a local git repository and registers it in the
 * catalog; the repository's Dockerfile and chart then pass the policy CLI and
 * `helm lint` run from outside the portal.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { baseUrl, guestToken, output, root, screenshots } from './lib.mjs';

/** Where e2e/app-config.e2e.yaml points maestro:publish:local. */
export const repositoriesDir = path.join(output, 'repositories');
const TEMPLATE_REF = 'template:default/secure-service';

async function api(pathname, init = {}) {
  const res = await fetch(`${baseUrl}${pathname}`, {
    ...init,
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${await guestToken()}`,
      ...init.headers,
    },
  });
  if (!res.ok) {
    throw new Error(
      `${init.method ?? 'GET'} ${pathname}: ${res.status} ${await res.text()}`,
    );
  }
  return res.json();
}

async function taskLog(taskId) {
  const events = await api(`/api/scaffolder/v2/tasks/${taskId}/events`);
  return events
    .map(e => e.body?.message)
    .filter(Boolean)
    .join('\n');
}

/** Runs the template through POST /api/scaffolder/v2/tasks and checks what it produced. */
export async function runTemplateThroughApi(waitFor, values) {
  await waitFor('the secure-service template in the catalog', () =>
    api(`/api/catalog/entities/by-name/template/default/secure-service`),
  );
  const { id } = await api('/api/scaffolder/v2/tasks', {
    method: 'POST',
    body: JSON.stringify({ templateRef: TEMPLATE_REF, values }),
  });
  console.log(`Scaffolder task ${id} started for ${values.name}`);
  const task = await waitFor(
    `scaffolder task ${id}`,
    async () => {
      const t = await api(`/api/scaffolder/v2/tasks/${id}`);
      return ['completed', 'failed', 'cancelled'].includes(t.status) && t;
    },
    300_000,
  );
  if (task.status !== 'completed') {
    throw new Error(
      `Scaffolder task ${id} ended ${task.status}:\n${await taskLog(id)}`,
    );
  }
  verifyRepository(values);
  await waitFor(`component ${values.name} in the catalog`, () =>
    api(`/api/catalog/entities/by-name/component/default/${values.name}`),
  );
  console.log(`${values.name} is registered in the catalog`);
}

/** Checks the published repository from the outside: files, policy CLI, helm lint. */
export function verifyRepository({ name, rolloutStrategy }) {
  const clone = path.join(output, `clone-${name}`);
  fs.rmSync(clone, { recursive: true, force: true });
  execFileSync('git', [
    'clone',
    '--quiet',
    `file://${path.join(repositoriesDir, name)}`,
    clone,
  ]);
  const files = execFileSync('git', ['ls-files'], {
    cwd: clone,
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean);
  const expected = [
    'catalog-info.yaml',
    'turbo.json',
    'package.json',
    `services/${name}/Dockerfile`,
    `services/${name}/.dockerignore`,
    `services/${name}/chart/Chart.yaml`,
    `services/${name}/chart/values.yaml`,
    `services/${name}/chart/values-dev.yaml`,
    `services/${name}/chart/values-prod.yaml`,
    `services/${name}/chart/values-preview.yaml`,
  ];
  const missing = expected.filter(f => !files.includes(f));
  if (missing.length > 0) {
    throw new Error(
      `The repository of ${name} lacks ${missing.join(
        ', ',
      )}; it has ${files.join(', ')}`,
    );
  }
  const catalogInfo = fs.readFileSync(
    path.join(clone, 'catalog-info.yaml'),
    'utf8',
  );
  if (!catalogInfo.includes(`maestro.io/image:`)) {
    throw new Error(
      `catalog-info.yaml of ${name} has no Maestro annotations:\n${catalogInfo}`,
    );
  }
  if (
    rolloutStrategy !== 'rolling' &&
    !catalogInfo.includes('maestro.io/rollout')
  ) {
    throw new Error(
      `catalog-info.yaml of ${name} does not name its Argo Rollout`,
    );
  }
  const helm = execFileSync(process.execPath, ['scripts/locate-helm.cjs'], {
    cwd: root,
    encoding: 'utf8',
  }).trim();
  execFileSync(helm, ['lint', path.join(clone, `services/${name}/chart`)], {
    stdio: 'pipe',
  });
  execFileSync(
    path.join(root, 'plugins/maestro-node/bin/maestro-policy'),
    ['check', `services/${name}`],
    {
      cwd: clone,
      stdio: 'pipe',
      env: { ...process.env, MAESTRO_HELM_PATH: helm },
    },
  );
  console.log(
    `Repository of ${name}: ${files.length} files; helm lint and maestro-policy check pass`,
  );
}

/** Fills the template form in the portal and waits for the task to succeed. */
export async function runTemplateInBrowser(page, { name }) {
  await page.goto(`${baseUrl}/create`);
  await page.getByText('Secure service').first().waitFor();
  await page.screenshot({
    path: path.join(screenshots, 'create-page.png'),
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Choose' }).first().click();

  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  // OwnerPicker: an autocomplete over the catalog's groups.
  const owner = page.locator('input#root_owner');
  await owner.click();
  await owner.fill('payments');
  await page
    .getByRole('option', { name: /payments/i })
    .first()
    .click();
  await page.getByRole('button', { name: 'Next' }).click();

  // Build and release: keep Node.js and the three channels, pick a canary.
  await page.getByText('Rollout strategy').first().waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  // Repository: the local default.
  await page.getByRole('button', { name: 'Review' }).click();
  await page.screenshot({
    path: path.join(screenshots, 'create-review.png'),
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Create' }).click();

  await page
    .getByRole('link', { name: 'Open in the catalog' })
    .waitFor({ timeout: 300_000 });
  await page.screenshot({
    path: path.join(screenshots, 'create-done.png'),
    fullPage: true,
  });
  console.log(
    `The template form created ${name}; the task page links to the catalog`,
  );
}
