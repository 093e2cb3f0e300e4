#!/usr/bin/env node
/*
 * The release-channels demo against the local portal (`npm start`): the
 * demo artifact of payments-api gets its evidence (examples/supply-chain),
 * an exemption for its one critical finding and a stored policy result,
 * then Ada Lovelace (owner) promotes it to dev and staging; prod is left
 * waiting for a second member of the payments team to approve. Every step
 * is the REST API a CI job or the Releases tab uses. See README.md.
 *
 *   node examples/releases/promote-demo.mjs [--url http://localhost:7007]
 *
 * Runs again without harm: what is stored already is kept, and a channel
 * that already runs the digest is reported as such.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const { values: args } = parseArgs({
  options: {
    url: {
      type: 'string',
      default: process.env.MAESTRO_URL ?? 'http://localhost:7007',
    },
  },
});
const ENTITY = 'component:default/payments-api';
const REPOSITORY = 'ghcr.io/acme/payments-api';
const api = `${args.url.replace(/\/$/, '')}/api/maestro`;

/** A session of one demo user (auth.providers.demo of app-config.yaml). */
async function tokenOf(user) {
  const response = await fetch(
    `${args.url}/api/auth/demo/refresh?env=development`,
    {
      headers: {
        'X-Requested-With': 'XMLHttpRequest',
        'X-Maestro-Demo-User': user,
      },
    },
  );
  if (!response.ok) {
    throw new Error(
      `No demo session for ${user} from ${args.url} (HTTP ${response.status}); is the portal running (npm start)?`,
    );
  }
  return (await response.json()).backstageIdentity.token;
}

const ada = await tokenOf('ada-lovelace');

async function call(method, route, { json, query, allow = [] } = {}) {
  const url = new URL(`${api}${route}`);
  for (const [key, value] of Object.entries(query ?? {})) {
    url.searchParams.set(key, value);
  }
  const response = await fetch(url, {
    method,
    headers: {
      Authorization: `Bearer ${ada}`,
      ...(json && { 'Content-Type': 'application/json' }),
    },
    body: json ? JSON.stringify(json) : undefined,
  });
  const body = await response.json().catch(() => undefined);
  if (!response.ok && !allow.includes(response.status)) {
    console.error(
      `✗ ${method} ${route}: HTTP ${response.status}: ${
        body?.error?.message ?? response.statusText
      }`,
    );
    process.exit(1);
  }
  return { status: response.status, body };
}

// 1. Evidence, as CI pushes it: SBOM, scan, signature bundle, and a policy
// result for the digest from the service's Dockerfile.
const pushed = spawnSync(
  process.execPath,
  [
    path.join(root, 'examples/supply-chain/push-evidence.mjs'),
    '--url',
    args.url,
    '--dockerfile',
    path.join(root, 'examples/policy-sample/services/api/Dockerfile'),
    '--channels',
    'dev',
  ],
  { env: { ...process.env, MAESTRO_CI_TOKEN: ada }, stdio: 'inherit' },
);
if (pushed.status !== 0) process.exit(pushed.status ?? 1);

const digest = `sha256:${createHash('sha256')
  .update(
    await readFile(
      path.join(
        root,
        'plugins/maestro-node/src/supplyChain/signatures/__fixtures__/public-good/a.txt',
      ),
    ),
  )
  .digest('hex')}`;

// 2. The demo scan's one critical finding, exempted for this digest by its
// owner, with a reason, a ticket and an expiry.
const exemption = await call('POST', '/supply-chain/exemptions', {
  json: {
    entityRef: ENTITY,
    vulnerabilityId: 'CVE-2019-18224',
    packageName: 'libidn2-0',
    scope: { digest },
    owner: 'group:default/payments-team',
    reason: 'libidn2 is not reachable from the service: no IDN lookups',
    ticket: 'SEC-2048',
    expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  },
});
console.log(
  `\n${exemption.status === 201 ? 'Exempted' : 'Already exempted'} CVE-2019-18224 for ${digest.slice(0, 19)}… until ${exemption.body.expiresAt}`,
);

// 3. Promotions: dev, then staging; prod waits for an approval.
for (const channel of ['dev', 'staging', 'prod']) {
  const { status, body } = await call('POST', '/releases/promotions', {
    json: { entityRef: ENTITY, channel, digest },
    allow: [409],
  });
  if (status === 201) {
    console.log(
      `\n${channel}: promoted as revision ${body.revision} (commit ${body.commit.slice(0, 12)} by ${body.actor})`,
    );
  } else {
    console.log(`\n${channel}: not promoted: ${body.error.message}`);
  }
}

const artifacts = await call('GET', '/supply-chain/artifacts', {
  query: { entityRef: ENTITY, limit: '100', offset: '0' },
});
const artifact = artifacts.body.items.find(a => a.digest === digest);
const checklist = await call('GET', '/releases/checklist', {
  query: { entityRef: ENTITY, channel: 'prod', artifactId: artifact.id },
});
console.log('\nprod checklist:');
for (const item of checklist.body.items) {
  const mark = { pass: '✓', fail: '✗', pending: '…' }[item.status];
  console.log(`  ${mark} ${item.title}: ${item.reason}`);
}
console.log(
  `\nSign in as Alan Turing (payments team) and approve in the Releases tab of payments-api, or:\n  POST ${api}/releases/approvals {"entityRef":"${ENTITY}","channel":"prod","artifactId":"${artifact.id}"}\nthen promote to prod as Ada.`,
);
