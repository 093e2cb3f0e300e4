/**
 * Supply-chain ingestion benchmark: a generated 10,000-component CycloneDX
 * SBOM and a 2,000-finding Trivy report ingested through the backend's
 * EvidenceIngestService (content sniffing, parse, normalize, one transaction
 * with artifact, document, batched rows and ledger entry), beside the floor:
 * JSON.parse plus one batched insert of the same rows with raw knex. On
 * SQLite (a file, as the portal runs it) and on PostgreSQL when reachable.
 * See README.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import knexFactory, { Knex } from 'knex';
import { temporaryPostgres } from '../lib/temporaryPostgres';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  createChangeRecording,
  createSupplyChain,
  SupplyChain,
} from '@maestro-conductor/backstage-plugin-maestro-backend/alpha';
import { parseEvidenceDocument } from '@maestro-conductor/backstage-plugin-maestro-node';
import { generateCycloneDx, generateTrivyReport } from './generate';

const COMPONENTS = Number(process.env.BENCH_COMPONENTS ?? 10_000);
const FINDINGS = Number(process.env.BENCH_FINDINGS ?? 2_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BATCH = 500;
const MIGRATIONS = resolvePackagePath(
  '@maestro-conductor/backstage-plugin-maestro-backend',
  'migrations',
);

type Timing = { wallMs: number; cpuMs: number };

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Median wall and CPU time (this process) of ROUNDS runs after one warm-up. */
async function measure(
  fn: (round: number) => Promise<unknown>,
): Promise<Timing> {
  await fn(-1);
  const collectGarbage = (globalThis as { gc?: () => void }).gc;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    collectGarbage?.();
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await fn(round);
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wallMs: median(wall), cpuMs: median(cpu) };
}

/** Enough of Backstage's logger and auditor for the services. */
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

const ENTITY_REF = 'component:default/bench-app';
const REPOSITORY = 'ghcr.io/acme/bench-app';

/** The catalog: the bench's one entity, owning its image by annotation. */
const catalogStub: any = {
  async getEntityByRef(ref: string) {
    return ref === ENTITY_REF
      ? {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'bench-app',
            namespace: 'default',
            annotations: { 'maestro.io/image': REPOSITORY },
          },
        }
      : undefined;
  },
};
const authStub: any = {
  async getOwnServiceCredentials() {
    return { $$type: '@backstage/BackstageCredentials', principal: {} };
  },
};

/**
 * The supply-chain capability as the plugin builds it (default config: no
 * signature trust root, 50 MiB documents), with the plugin's ledger and
 * mutation path, signals going nowhere.
 */
async function ingestService(knex: Knex): Promise<SupplyChain['ingest']> {
  const recording = await createChangeRecording({
    db: knex,
    auditor: quietAuditor,
    signals: { publish: async () => {} },
    // The idempotency prune task is scheduled, never run here.
    scheduler: { scheduleTask: async () => {} } as any,
    logger: quietLogger,
  });
  const { ingest } = await createSupplyChain({
    config: new ConfigReader({}),
    db: knex,
    mutations: recording.mutations,
    // Ingestion reads no policy results.
    policy: { listResults: async () => [] },
    catalog: catalogStub,
    auth: authStub,
    logger: quietLogger,
  });
  return ingest;
}

/** The floor: JSON.parse, rows straight from the JSON, one transaction of batched inserts. */
async function rawInsert(
  knex: Knex,
  content: Buffer,
  kind: 'sbom' | 'report',
  artifactId: string,
): Promise<number> {
  const doc = JSON.parse(content.toString('utf8'));
  const documentId = randomUUID();
  const rows =
    kind === 'sbom'
      ? doc.components.map((c: any) => ({
          document_id: documentId,
          name: c.group ? `${c.group}/${c.name}` : c.name,
          version: c.version ?? null,
          purl: c.purl ?? null,
          type: c.type ?? null,
          licenses: JSON.stringify(
            (c.licenses ?? []).map((l: any) => l.expression ?? l.license?.id),
          ),
          relationship: 'unknown',
          ref: c['bom-ref'] ?? null,
        }))
      : doc.Results.flatMap((r: any) =>
          (r.Vulnerabilities ?? []).map((v: any) => ({
            document_id: documentId,
            vulnerability_id: v.VulnerabilityID,
            aliases: JSON.stringify(v.VendorIDs ?? []),
            severity: String(v.Severity).toLowerCase(),
            cvss: v.CVSS ? JSON.stringify(v.CVSS) : null,
            package_name: v.PkgName,
            package_type: r.Type ?? null,
            package_purl: null,
            installed_version: v.InstalledVersion ?? null,
            fixed_versions: JSON.stringify(
              v.FixedVersion ? [v.FixedVersion] : [],
            ),
            target: r.Target ?? null,
            title: v.Title ?? null,
            url: v.PrimaryURL ?? null,
          })),
        );
  await knex.transaction(async tx => {
    await tx('maestro_evidence_documents').insert({
      id: documentId,
      artifact_id: artifactId,
      kind: kind === 'sbom' ? 'sbom' : 'vulnerability-report',
      format: kind === 'sbom' ? 'cyclonedx-json' : 'trivy-json',
      sha256: `sha256:${documentId}`,
      size_bytes: content.length,
      content,
      ingested_at: new Date().toISOString(),
      ingested_by: 'bench',
    });
    await tx.batchInsert(
      kind === 'sbom'
        ? 'maestro_sbom_components'
        : 'maestro_vulnerability_findings',
      rows,
      BATCH,
    );
  });
  return rows.length;
}

type Row = {
  database: string;
  document: string;
  rows: number;
  parse: Timing;
  service: Timing;
  floor: Timing;
};

async function benchDatabase(
  database: string,
  knex: Knex,
  documents: Array<{
    name: string;
    kind: 'sbom' | 'report';
    content: Buffer;
    rows: number;
  }>,
): Promise<Row[]> {
  await knex.migrate.latest({ directory: MIGRATIONS });
  const ingest = await ingestService(knex);
  const floorArtifact = randomUUID();
  await knex('maestro_artifacts').insert({
    id: floorArtifact,
    entity_ref: 'component:default/bench-app',
    repository: 'ghcr.io/acme/bench-app',
    digest: `sha256:${'f'.repeat(64)}`,
    tags: '[]',
    created_at: new Date().toISOString(),
    created_by: 'bench',
    updated_at: new Date().toISOString(),
  });
  const results: Row[] = [];
  let image = 0;
  for (const document of documents) {
    const service = await measure(async () => {
      image += 1;
      const result = await ingest.ingestEvidence({
        entityRef: ENTITY_REF,
        image: {
          repository: REPOSITORY,
          digest: `sha256:${image.toString(16).padStart(64, '0')}`,
        },
        content: document.content,
        actor: 'service:bench',
      });
      if (!result.created) throw new Error('expected a new document');
    });
    const stored = await knex(
      document.kind === 'sbom'
        ? 'maestro_sbom_components'
        : 'maestro_vulnerability_findings',
    )
      .count({ count: '*' })
      .first();
    const floor = await measure(async () => {
      const rows = await rawInsert(
        knex,
        document.content,
        document.kind,
        floorArtifact,
      );
      if (rows !== document.rows) throw new Error(`floor wrote ${rows} rows`);
    });
    if (Number(stored?.count) !== document.rows * (ROUNDS + 1)) {
      throw new Error(
        `the service stored ${stored?.count} rows for ${
          document.name
        }, expected ${document.rows * (ROUNDS + 1)}`,
      );
    }
    const parse = await measure(async () =>
      parseEvidenceDocument(JSON.parse(document.content.toString('utf8'))),
    );
    results.push({
      database,
      document: document.name,
      rows: document.rows,
      parse,
      service,
      floor,
    });
  }
  return results;
}

const ms = (t: Timing) => t.wallMs.toFixed(0);

export async function main(): Promise<void> {
  const sbom = Buffer.from(generateCycloneDx(COMPONENTS));
  const trivy = Buffer.from(generateTrivyReport(FINDINGS));
  const documents = [
    {
      name: `CycloneDX 1.6, ${COMPONENTS.toLocaleString('en-US')} components`,
      kind: 'sbom' as const,
      content: sbom,
      rows: COMPONENTS,
    },
    {
      name: `Trivy, ${FINDINGS.toLocaleString('en-US')} findings`,
      kind: 'report' as const,
      content: trivy,
      rows: FINDINGS,
    },
  ];
  /* eslint-disable no-console */
  console.log(
    `Maestro supply-chain ingestion benchmark: median of ${ROUNDS} rounds after one warm-up; SBOM ${(
      sbom.length / 1e6
    ).toFixed(1)} MB, Trivy report ${(trivy.length / 1e6).toFixed(1)} MB`,
  );
  console.log(
    `Node ${process.version}, ${os.cpus().length} cores (${
      os.cpus()[0]?.model ?? 'unknown CPU'
    }), load ${os.loadavg()[0].toFixed(1)}, ${new Date().toISOString()}`,
  );
  const rows: Row[] = [];
  const dir = mkdtempSync(join(os.tmpdir(), 'maestro-bench-'));
  const sqlite = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(dir, 'maestro.sqlite') },
    useNullAsDefault: true,
    pool: {
      afterCreate: (
        connection: any,
        done: (error: unknown, c: unknown) => void,
      ) => {
        connection.pragma('foreign_keys = ON');
        done(null, connection);
      },
    },
  });
  try {
    rows.push(...(await benchDatabase('SQLite (file)', sqlite, documents)));
  } finally {
    await sqlite.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  const pg = await temporaryPostgres('maestro_bench');
  if (typeof pg === 'string') {
    console.log(pg);
  } else {
    try {
      rows.push(...(await benchDatabase('PostgreSQL', pg.knex, documents)));
    } finally {
      await pg.drop();
    }
  }

  console.log('');
  console.log(
    '| Database | Document | Rows | Parse + normalize only ms | Service ingest ms | JSON.parse + batched insert ms | Service / floor |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    console.log(
      `| ${row.database} | ${row.document} | ${row.rows.toLocaleString(
        'en-US',
      )} | ${ms(row.parse)} | ${ms(row.service)} | ${ms(row.floor)} | ${(
        row.service.wallMs / row.floor.wallMs
      ).toFixed(2)}x |`,
    );
  }
  console.log('');
  console.log(
    "Wall-clock milliseconds (the database server's own CPU is not in this process's CPU time). CPU ms of this process, service / floor:",
  );
  for (const row of rows) {
    console.log(
      `  ${row.database}, ${row.document}: ${row.service.cpuMs.toFixed(
        0,
      )} / ${row.floor.cpuMs.toFixed(0)}`,
    );
  }
  /* eslint-enable no-console */
}
