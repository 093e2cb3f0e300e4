#!/usr/bin/env node
/*
 * What a CI job does after building and scanning an image: register the
 * image digest with Maestro, push its evidence (SBOM, vulnerability scan,
 * signature bundle) and read the gate verdict of each release channel.
 *
 * Against a local portal (`npm start`) it pushes real third-party documents
 * from the repository's test fixtures for component:default/payments-api;
 * in CI, point the flags at the files your pipeline produced. See README.md.
 *
 *   node examples/supply-chain/push-evidence.mjs [--url http://localhost:7007]
 *     [--entity component:default/payments-api]
 *     [--image ghcr.io/acme/payments-api@sha256:…]
 *     [--sbom file] [--scan file] [--bundle file] [--dockerfile file]
 *     [--require prod]     # exit 1 unless the prod gate passes
 *
 * Token: MAESTRO_CI_TOKEN (an external access token, see README.md), else a
 * guest session of the local demo portal.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const fixtures = path.join(root, 'plugins/maestro-node/src/supplyChain');

// The public-good sigstore bundles sign a.txt; using its sha256 as the demo
// image digest lets the real bundle verify for the demo artifact.
const demoDigest = `sha256:${createHash('sha256')
  .update(
    await readFile(
      path.join(fixtures, 'signatures/__fixtures__/public-good/a.txt'),
    ),
  )
  .digest('hex')}`;

const { values: args } = parseArgs({
  options: {
    url: {
      type: 'string',
      default: process.env.MAESTRO_URL ?? 'http://localhost:7007',
    },
    entity: { type: 'string', default: 'component:default/payments-api' },
    image: {
      type: 'string',
      default: `ghcr.io/acme/payments-api@${demoDigest}`,
    },
    sbom: {
      type: 'string',
      default: path.join(
        fixtures,
        '__fixtures__/cyclonedx-1.7-trivy-npm.cdx.json',
      ),
    },
    scan: {
      type: 'string',
      default: path.join(fixtures, '__fixtures__/trivy-fluentd-gems.json'),
    },
    bundle: {
      type: 'string',
      default: path.join(
        fixtures,
        'signatures/__fixtures__/public-good/a.txt.slsa-v1.sigstore.json',
      ),
    },
    dockerfile: { type: 'string' },
    channels: { type: 'string', default: 'dev,staging,prod' },
    require: { type: 'string' },
    tag: { type: 'string', multiple: true, default: ['demo'] },
  },
});

const api = `${args.url.replace(/\/$/, '')}/api/maestro`;
const [repository, digest] = [
  args.image.slice(0, args.image.lastIndexOf('@')),
  args.image.slice(args.image.lastIndexOf('@') + 1),
];

async function token() {
  if (process.env.MAESTRO_CI_TOKEN) return process.env.MAESTRO_CI_TOKEN;
  // Local demo only: the guest provider of app-config.yaml.
  const response = await fetch(
    `${args.url}/api/auth/guest/refresh?env=development`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  if (!response.ok) {
    throw new Error(
      `No MAESTRO_CI_TOKEN and no guest session from ${args.url} (HTTP ${response.status}); is the portal running (npm start)?`,
    );
  }
  return (await response.json()).backstageIdentity.token;
}

const authorization = `Bearer ${await token()}`;

/** Calls the API; a refusal prints Maestro's reason and stops the job. */
async function call(method, route, { json, raw, query } = {}) {
  const url = new URL(`${api}${route}`);
  for (const [key, value] of Object.entries(query ?? {})) {
    url.searchParams.set(key, value);
  }
  const response = await fetch(url, {
    method,
    headers: {
      Authorization: authorization,
      ...((json || raw) && { 'Content-Type': 'application/json' }),
    },
    body: json ? JSON.stringify(json) : raw,
  });
  const body = await response.json().catch(() => undefined);
  if (!response.ok) {
    const reason = body?.error?.message ?? response.statusText;
    console.error(`✗ ${method} ${route}: HTTP ${response.status}: ${reason}`);
    process.exit(1);
  }
  return { status: response.status, body };
}

const registered = await call('POST', '/supply-chain/artifacts', {
  json: {
    entityRef: args.entity,
    repository,
    digest,
    tags: args.tag,
    ...(process.env.GITHUB_SHA && { commit: process.env.GITHUB_SHA }),
    ...(process.env.GITHUB_REF_NAME && { branch: process.env.GITHUB_REF_NAME }),
    ...(process.env.GITHUB_RUN_ID && {
      buildRunUrl: `${process.env.GITHUB_SERVER_URL}/${process.env.GITHUB_REPOSITORY}/actions/runs/${process.env.GITHUB_RUN_ID}`,
    }),
  },
});
const artifact = registered.body;
console.log(
  `${registered.status === 201 ? 'Registered' : 'Already registered'} ${
    artifact.repository
  }@${artifact.digest} for ${artifact.entityRef} (artifact ${artifact.id})`,
);

for (const file of [args.sbom, args.scan, args.bundle].filter(Boolean)) {
  const { body } = await call('POST', '/supply-chain/evidence', {
    query: { entityRef: args.entity, image: `${repository}@${digest}` },
    raw: await readFile(file),
  });
  const { document } = body;
  console.log(
    `${body.created ? 'Stored' : 'Already stored'} ${path.basename(file)}: ${
      document.kind
    } (${document.format}${document.version ? ` ${document.version}` : ''}${
      document.tool ? `, ${document.tool}` : ''
    }), ${document.sha256.slice(0, 19)}…`,
  );
}

if (args.dockerfile) {
  const { body } = await call('POST', '/policy/evaluate', {
    json: {
      store: true,
      source: 'ci',
      entityRef: args.entity,
      imageDigest: digest,
      inputs: [
        {
          kind: 'dockerfile',
          path: path.basename(args.dockerfile),
          content: await readFile(args.dockerfile, 'utf8'),
        },
      ],
    },
  });
  console.log(
    `Policy: ${body.report.passed ? 'passed' : 'failed'} (${
      body.report.summary.deny
    } deny, ${body.report.summary.warn} warn)`,
  );
}

let required;
for (const channel of args.channels
  .split(',')
  .map(c => c.trim())
  .filter(Boolean)) {
  const { body: verdict } = await call(
    'GET',
    `/supply-chain/artifacts/${artifact.id}/gate`,
    { query: { channel } },
  );
  console.log(`\n${channel}: ${verdict.passed ? 'PASS' : 'FAIL'}`);
  for (const check of verdict.checks) {
    console.log(
      `  ${check.passed ? '✓' : '✗'} ${check.title}: ${check.reason}`,
    );
    for (const exemption of check.exemptions ?? []) {
      console.log(
        `      exempted ${exemption.vulnerabilityId} (owner ${exemption.owner}, until ${exemption.expiresAt})`,
      );
    }
  }
  if (channel === args.require) required = verdict;
}

if (args.require) {
  if (!required) {
    console.error(
      `--require ${args.require}: not among --channels ${args.channels}`,
    );
    process.exit(2);
  }
  process.exit(required.passed ? 0 : 1);
}
