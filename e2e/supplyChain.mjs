/*
 * Supply-chain evidence end to end: the CI-style example script pushes an
 * SBOM, a Trivy scan and a public-good sigstore bundle (SLSA provenance) for
 * payments-api to the running backend; the entity's Supply chain tab then
 * shows the artifact with its verdicts and the gate checklist with reasons.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { baseUrl, root, screenshots } from './lib.mjs';

export function pushDemoEvidence() {
  const out = execFileSync(
    process.execPath,
    ['examples/supply-chain/push-evidence.mjs', '--url', baseUrl],
    { cwd: root, encoding: 'utf8' },
  );
  // e2e/app-config.e2e.yaml trusts the demo bundle's signer and builder; the
  // demo scan has one critical finding, so prod must fail on exactly that.
  for (const expected of [
    'prod: FAIL',
    '✓ Signature',
    '✓ SLSA provenance',
    '✗ Critical vulnerabilities: 1 unexempted critical (CVE-2019-18224)',
  ]) {
    if (!out.includes(expected)) {
      throw new Error(`push-evidence.mjs did not print "${expected}":\n${out}`);
    }
  }
  console.log(
    'push-evidence.mjs stored the SBOM, scan and bundle; prod fails on the critical CVE',
  );
}

/** On the payments-api entity page: the Supply chain tab and the artifact's checklist. */
export async function checkSupplyChainTab(page) {
  await page
    .locator('a[href$="/component/payments-api/supply-chain"]')
    .first()
    .click();
  await page.getByText('prod: blocked').first().waitFor();
  await page.screenshot({
    path: path.join(screenshots, 'entity-supply-chain.png'),
    fullPage: true,
  });
  await page
    .getByRole('link', { name: /^Open artifact sha256:a0cfc712/ })
    .first()
    .click();
  await page.getByText('CVE-2019-18224').first().waitFor();
  await page.getByText('Critical vulnerabilities').first().waitFor();
  await page.screenshot({
    path: path.join(screenshots, 'artifact-view.png'),
    fullPage: true,
  });
  console.log(
    'Supply chain tab shows the artifact, its verdicts and the gate checklist',
  );
}
