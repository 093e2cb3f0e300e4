/**
 * Release-channels benchmark, two figures, each as a ratio in one run:
 *
 * 1. A promotion end to end through the plugin's ReleaseService (reconcile,
 *    overlay edit, chart export and two real `helm template` renders, the
 *    gate checklist with the policy pack on the rendered chart, a Git commit
 *    by compare-and-swap, revision and ledger entry in one transaction)
 *    against a bare Git commit of the same overlay change through the same
 *    GitOps repository. SQLite (a file) and PostgreSQL.
 * 2. The org-wide matrix (`GET /releases/matrix`'s query) with 1,000
 *    services × 3 channels × 100 revisions on PostgreSQL: p50/p95 of the
 *    SQL alone and of the service (SQL plus folding, catalog stubbed).
 *
 * See README.md.
 */
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  createChangeRecording,
  createPolicy,
  createReleases,
  createSupplyChain,
  DeploymentSources,
} from '@maestro-conductor/backstage-plugin-maestro-backend/alpha';
import { GitCliRepository } from '@maestro-conductor/backstage-plugin-maestro-node';
import knexFactory, { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { temporaryPostgres } from '../lib/temporaryPostgres';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SERVICES = Number(process.env.BENCH_SERVICES ?? 1_000);
const REVISIONS = Number(process.env.BENCH_REVISIONS ?? 100);
const MATRIX_ROUNDS = Number(process.env.BENCH_MATRIX_ROUNDS ?? 40);
const CHANNELS = ['dev', 'staging', 'prod'];
const MIGRATIONS = resolvePackagePath(
  '@maestro-conductor/backstage-plugin-maestro-backend',
  'migrations',
);
const SEED = resolve(__dirname, '../../examples/gitops');
const ENTITY_REF = 'component:default/payments-api';
const REPOSITORY = 'ghcr.io/acme/payments-api';
const OVERLAY = 'services/payments-api/values-dev.yaml';

const quietLogger: any = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return quietLogger;
  },
};
const quietAuditor: any = {
  async createEvent() {
    return { async success() {}, async fail() {} };
  },
};
const credentials: any = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'user', userEntityRef: 'user:default/ada-lovelace' },
};

const entityOf = (name: string): any => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'maestro.io/image': `ghcr.io/acme/${name}`,
      'maestro.io/channels': CHANNELS.join(','),
      'maestro.io/helm-chart': `services/${name}/chart`,
    },
  },
  spec: { type: 'service', owner: 'group:default/payments-team' },
});

/** The catalog: every `component:default/<name>` exists, with its image and chart. */
const catalogStub: any = {
  async getEntityByRef(ref: string) {
    const match = /^component:default\/(.+)$/.exec(ref);
    return match ? entityOf(match[1]) : undefined;
  },
  async getEntitiesByRefs({ entityRefs }: { entityRefs: string[] }) {
    return {
      items: entityRefs.map(ref => entityOf(ref.split('/')[1])),
    };
  },
};
const authStub: any = {
  async getOwnServiceCredentials() {
    return credentials;
  },
};

const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[
    Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)
  ];

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function wire(knex: Knex, gitDir: string) {
  await knex.migrate.latest({ directory: MIGRATIONS });
  const config = new ConfigReader({
    maestro: {
      releases: { gitops: { repository: gitDir, seedDirectory: SEED } },
    },
  });
  const { mutations } = await createChangeRecording({
    db: knex,
    auditor: quietAuditor,
    signals: { publish: async () => {} },
    scheduler: { scheduleTask: async () => {} } as any,
    logger: quietLogger,
  });
  const policy = createPolicy({
    config,
    db: knex,
    mutations,
    logger: quietLogger,
  });
  const supplyChain = await createSupplyChain({
    config,
    db: knex,
    mutations,
    policy,
    catalog: catalogStub,
    auth: authStub,
    logger: quietLogger,
  });
  const releases = (await createReleases({
    config,
    db: knex,
    mutations,
    policy,
    supplyChain: supplyChain.supplyChain,
    catalog: catalogStub,
    auth: authStub,
    deployments: DeploymentSources.create({ sources: [], logger: quietLogger }),
    logger: quietLogger,
  }))!;
  return { releases, ingest: supplyChain.ingest };
}

async function benchPromotion(name: string, knex: Knex) {
  const gitDir = join(
    mkdtempSync(join(os.tmpdir(), 'maestro-bench-')),
    'gitops.git',
  );
  try {
    const { releases, ingest } = await wire(knex, gitDir);
    const repository = GitCliRepository.create({ repositoryPath: gitDir });
    const artifacts: string[] = [];
    for (let n = 1; n <= ROUNDS + 1; n++) {
      const { artifact } = await ingest.registerArtifact(
        { entityRef: ENTITY_REF, repository: REPOSITORY, digest: digest(n) },
        'user:default/ada-lovelace',
      );
      artifacts.push(artifact.id);
    }
    const promotion: number[] = [];
    for (const [n, artifactId] of artifacts.entries()) {
      const ms = await timed(() =>
        releases.promote(
          { entityRef: ENTITY_REF, channel: 'dev', artifactId },
          'user:default/ada-lovelace',
          credentials,
        ),
      );
      if (n > 0) promotion.push(ms); // the first warms Helm and the caches
    }
    const bare: number[] = [];
    for (let n = 0; n <= ROUNDS; n++) {
      const ms = await timed(async () => {
        const head = (await repository.head('main'))!;
        const text = await repository.readFile(head, OVERLAY);
        await repository.commitFiles({
          branch: 'main',
          expectedHead: head,
          files: {
            [OVERLAY]: text.replace(
              /digest: sha256:[0-9a-f]{64}/,
              `digest: ${digest(1000 + n)}`,
            ),
          },
          author: { name: 'Bench', email: 'bench@example.com' },
          message: `bench ${n}`,
        });
      });
      if (n > 0) bare.push(ms);
    }
    return { name, promotion: median(promotion), bare: median(bare) };
  } finally {
    rmSync(join(gitDir, '..'), { recursive: true, force: true });
  }
}

async function benchMatrix(knex: Knex) {
  const gitDir = join(
    mkdtempSync(join(os.tmpdir(), 'maestro-bench-')),
    'gitops.git',
  );
  try {
    const { releases } = await wire(knex, gitDir);
    const gates = JSON.stringify({
      items: [],
      passed: true,
      blockedBy: [],
      evaluatedAt: new Date().toISOString(),
    });
    const rows: object[] = [];
    for (let s = 0; s < SERVICES; s++) {
      for (const channel of CHANNELS) {
        for (let r = 1; r <= REVISIONS; r++) {
          rows.push({
            id: randomUUID(),
            entity_ref: `component:default/service-${s}`,
            channel,
            revision: r,
            kind: 'promote',
            rollback_of: null,
            artifact_id: randomUUID(),
            repository: `ghcr.io/acme/service-${s}`,
            digest: digest(s * 1000 + r),
            commit_sha: 'f'.repeat(40),
            promotion_id: randomUUID(),
            actor: 'user:default/ada-lovelace',
            created_at: new Date(Date.UTC(2026, 0, 1, 0, r)).toISOString(),
            gates,
            bypass: null,
          });
        }
      }
    }
    await knex.batchInsert('maestro_release_revisions', rows, 1000);
    // The heads the service writes with each revision, for the bulk rows.
    await knex.raw(
      'INSERT INTO maestro_release_heads (entity_ref, channel, revision) SELECT entity_ref, channel, max(revision) FROM maestro_release_revisions GROUP BY entity_ref, channel',
    );
    await knex.raw('ANALYZE maestro_release_revisions');
    await knex.raw('ANALYZE maestro_release_heads');
    const sql: number[] = [];
    const service: number[] = [];
    const store = (releases as any).options.store;
    for (let n = 0; n <= MATRIX_ROUNDS; n++) {
      const a = await timed(() => store.allCurrentRevisions());
      const b = await timed(() => releases.matrix(credentials));
      if (n > 0) {
        sql.push(a);
        service.push(b);
      }
    }
    const matrix = await releases.matrix(credentials);
    if (matrix.items.length !== SERVICES) {
      throw new Error(`matrix has ${matrix.items.length} services`);
    }
    return { rows: rows.length, sql, service };
  } finally {
    rmSync(join(gitDir, '..'), { recursive: true, force: true });
  }
}

export async function main(): Promise<void> {
  /* eslint-disable no-console */
  console.log(
    `Release channels: promotion end to end (median of ${ROUNDS}, after one warm-up) against a bare Git commit of the same overlay change\n`,
  );
  const dir = mkdtempSync(join(os.tmpdir(), 'maestro-bench-sqlite-'));
  const results = [];
  const sqlite = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(dir, 'bench.sqlite') },
    useNullAsDefault: true,
  });
  try {
    results.push(await benchPromotion('SQLite', sqlite));
  } finally {
    await sqlite.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  const pg = await temporaryPostgres('maestro_bench_releases');
  let matrix: Awaited<ReturnType<typeof benchMatrix>> | undefined;
  if (typeof pg === 'string') {
    console.log(pg);
  } else {
    try {
      results.push(await benchPromotion('PostgreSQL', pg.knex));
    } finally {
      await pg.drop();
    }
    const pg2 = await temporaryPostgres('maestro_bench_matrix');
    if (typeof pg2 !== 'string') {
      try {
        matrix = await benchMatrix(pg2.knex);
      } finally {
        await pg2.drop();
      }
    }
  }
  console.log('| database | promotion (ms) | bare Git commit (ms) | ratio |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.promotion.toFixed(0)} | ${r.bare.toFixed(1)} | ${(
        r.promotion / r.bare
      ).toFixed(1)}x |`,
    );
  }
  if (matrix) {
    console.log(
      `\nOrg-wide matrix on PostgreSQL: ${SERVICES.toLocaleString(
        'en-US',
      )} services × ${
        CHANNELS.length
      } channels × ${REVISIONS} revisions (${matrix.rows.toLocaleString(
        'en-US',
      )} rows), ${MATRIX_ROUNDS} reads (goal: p95 under 50 ms)\n`,
    );
    console.log('| what | p50 (ms) | p95 (ms) |');
    console.log('| --- | ---: | ---: |');
    for (const [what, values] of [
      ['SQL (current revision per channel)', matrix.sql],
      ['service (SQL + fold + catalog stub)', matrix.service],
    ] as const) {
      console.log(
        `| ${what} | ${percentile(values, 50).toFixed(1)} | ${percentile(
          values,
          95,
        ).toFixed(1)} |`,
      );
    }
  }
}
