/**
 * Build HUD event ingestion benchmark: signed GitHub webhook deliveries
 * taken the way the portal takes them (JSON body parsed, X-Hub-Signature-256
 * verified with @octokit/webhooks-methods as the events backend's GitHub
 * module does, published on the `github` topic, routed by the module's
 * GithubEventRouter to `github.<event>`, read, correlated and ingested by
 * Maestro's GithubHudSubscriber and HudService), beside the floor: one
 * batched insert of the same rows with raw knex. Then the time from a
 * delivery's arrival to the HUD signal reaching a WebSocket client of the
 * real signals backend. On SQLite (a file) and on PostgreSQL when reachable.
 * See README.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import express from 'express';
import knexFactory, { Knex } from 'knex';
import { temporaryPostgres } from '../lib/temporaryPostgres';
import { WebSocket } from 'ws';
import { verify } from '@octokit/webhooks-methods';
import {
  DefaultEventsService,
  EventsService,
} from '@backstage/plugin-events-node';
import { GithubEventRouter } from '@backstage/plugin-events-backend-module-github';
import { DefaultSignalsService } from '@backstage/plugin-signals-node';
import { maestroEntityChannel } from '@maestro-conductor/backstage-plugin-maestro-common';
import {
  createHud,
  EntitySignalPublisher,
} from '@maestro-conductor/backstage-plugin-maestro-backend/alpha';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';

// The signals backend's router is not exported on its own (the package
// exports only the plugin); its package has no "exports" map, so the file is
// reachable. This is the router the plugin mounts at /api/signals.
const {
  createRouter: createSignalsRouter,
} = require('@backstage/plugin-signals-backend/dist/service/router.cjs.js');

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LATENCY_EVENTS = Number(process.env.BENCH_LATENCY_EVENTS ?? 200);
const REPOSITORIES = 10;
const BATCH = 500;
const SECRET = 'maestro-bench-webhook-secret';
const MIGRATIONS = resolvePackagePath(
  '@maestro-conductor/backstage-plugin-maestro-backend',
  'migrations',
);
const REPLAY = resolve(__dirname, '../../examples/hud/replay-pr.mjs');

type Timing = { wallMs: number; cpuMs: number };

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Nearest-rank percentile. */
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
};

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

/** Errors logged by the services fail the run: the subscriber never throws, it logs. */
const loggedErrors: string[] = [];
const quietLogger: any = {
  info() {},
  warn(message: string) {
    loggedErrors.push(`warn: ${message}`);
  },
  error(message: string) {
    loggedErrors.push(`error: ${message}`);
  },
  debug() {},
  child() {
    return quietLogger;
  },
};

/** A signed delivery as GitHub posts it to /api/events/http/github. */
type Delivery = {
  event: string;
  body: Buffer;
  headers: Record<string, string>;
};

let pullRequestSequence = 0;

/**
 * `count` deliveries of whole pull requests from examples/hud/replay-pr.mjs
 * (pull_request opened, workflow_run ×3, workflow_job ×2 per job of eight,
 * deployment_status), spread over REPOSITORIES repositories; every fifth
 * pull request fails its scan (later jobs skipped, no deployment). Each pull
 * request gets its own number, start time (hence run id and head commit) and
 * each delivery its own id, so nothing is a duplicate.
 */
async function deliveries(count: number): Promise<Delivery[]> {
  const { pullRequestEvents } = await import(REPLAY);
  const base = Date.now() - 10 * 60 * 1000;
  const out: Delivery[] = [];
  while (out.length < count) {
    const n = pullRequestSequence++;
    const events: Array<{ event: string; payload: unknown }> =
      pullRequestEvents({
        repository: `acme/service-${n % REPOSITORIES}`,
        number: 100 + n,
        start: new Date(base - n * 1_001),
        failStage: n % 5 === 4 ? 'scan' : undefined,
      });
    for (const { event, payload } of events) {
      if (out.length >= count) break;
      const body = Buffer.from(JSON.stringify(payload));
      out.push({
        event,
        body,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'GitHub-Hookshot/bench',
          'x-github-event': event,
          'x-github-delivery': randomUUID(),
          'x-github-hook-id': '478201934',
          'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET)
            .update(body)
            .digest('hex')}`,
        },
      });
    }
  }
  return out;
}

/** Where the stub's entities come from, the one catalog location the bench trusts. */
const ORIGIN_ANNOTATION = 'backstage.io/managed-by-origin-location';
const CATALOG_LOCATION =
  'url:https://github.com/acme/catalog/blob/main/all.yaml';

/**
 * What the portal's app-config says for the HUD: the webhook secret (so the
 * HUD reads the github topics) and the platform's catalog location trusted.
 */
const config = new ConfigReader({
  events: { modules: { github: { webhookSecret: SECRET } } },
  maestro: { hud: { trustedLocations: [CATALOG_LOCATION] } },
});

/** The catalog: one Component per repository, found by github.com/project-slug. */
const catalogStub: any = {
  async getEntities(request: { filter: Record<string, string> }) {
    const slug = request.filter['metadata.annotations.github.com/project-slug'];
    const match = slug && /^acme\/(service-\d+)$/.exec(slug);
    return {
      items: match
        ? [
            {
              kind: 'Component',
              metadata: {
                name: match[1],
                namespace: 'default',
                annotations: { [ORIGIN_ANNOTATION]: CATALOG_LOCATION },
              },
            },
          ]
        : [],
    };
  },
  async getEntityByRef() {
    return undefined;
  },
};
const authStub: any = {
  async getOwnServiceCredentials() {
    return { $$type: '@backstage/BackstageCredentials', principal: {} };
  },
};

/** Times of the latest delivery, for the latency run. */
type Marks = { arrival: number; ingest: number; publish: number };

/**
 * What the portal runs for GitHub webhooks and HUD signals, in one process:
 * an in-memory events service (as the backend's when there is no events bus
 * to reach), the GitHub module's router, Maestro's subscriber and service,
 * and the signals backend's router behind an HTTP server for WebSocket
 * clients, fed by the signals service on the same events service.
 */
async function portal(knex: Knex) {
  const marks: Marks = { arrival: 0, ingest: 0, publish: 0 };
  const events = DefaultEventsService.create({
    logger: quietLogger,
    useEventBus: 'never',
  });
  const shutdownHooks: Array<() => void | Promise<void>> = [];
  const lifecycle = {
    addShutdownHook: (hook: () => void | Promise<void>) =>
      shutdownHooks.push(hook),
    addStartupHook() {},
  };

  // Signals: the signals backend's router and WebSocket handling.
  const app = express();
  const server = http.createServer(app);
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const signalsUrl = `http://127.0.0.1:${port}/api/signals`;
  app.use(
    '/api/signals',
    await createSignalsRouter({
      logger: quietLogger,
      config: {},
      lifecycle,
      discovery: { getBaseUrl: async () => signalsUrl },
      userInfo: {},
      auth: { authenticate: async () => ({}), isPrincipal: () => false },
      events: events.forPlugin('signals'),
    }),
  );

  class TimedSignalPublisher extends EntitySignalPublisher {
    publish(...args: Parameters<EntitySignalPublisher['publish']>) {
      marks.publish = performance.now();
      return super.publish(...args);
    }
  }
  const signals = new TimedSignalPublisher(
    DefaultSignalsService.create({ events: events.forPlugin('maestro') }),
    quietLogger,
  );
  // The HUD as the plugin builds it: store, correlation through the
  // catalog, the GitHub subscriber on the events service.
  const { hud } = await createHud({
    config,
    db: knex,
    catalog: catalogStub,
    auth: authStub,
    events: events.forPlugin('maestro'),
    signals,
    logger: quietLogger,
  });
  // Marks when ingest starts; the subscriber calls it on this instance.
  const ingest = hud.ingest.bind(hud);
  hud.ingest = event => {
    marks.ingest = performance.now();
    return ingest(event);
  };
  const ingress: EventsService = events.forPlugin('events');
  await new GithubEventRouter({
    events: events.forPlugin('events-backend-module-github'),
  }).subscribe();

  /**
   * One delivery as POST /api/events/http/github takes it: the JSON body
   * parsed, the signature checked against the raw body (403 otherwise), the
   * payload published on `github` with the headers as metadata. Publishing
   * returns when the subscribers have run, so this returns after the event
   * is stored (and its signal sent).
   */
  const receive = async (delivery: Delivery) => {
    marks.arrival = performance.now();
    const raw = delivery.body.toString('utf8');
    const payload = JSON.parse(raw);
    if (!(await verify(SECRET, raw, delivery.headers['x-hub-signature-256']))) {
      throw new Error('invalid signature');
    }
    await ingress.publish({
      topic: 'github',
      eventPayload: payload,
      metadata: delivery.headers,
    });
  };

  return {
    receive,
    marks,
    server,
    signalsUrl,
    close: async () => {
      for (const hook of shutdownHooks) await hook();
      await new Promise(done => server.close(done));
    },
  };
}

/** A WebSocket client of /api/signals subscribed to the entities' channels, as the Builds tab is. */
async function signalsClient(
  server: http.Server,
  url: string,
  entityRefs: string[],
) {
  // The router hooks the server's `upgrade` event when the first request
  // asking for a WebSocket passes through it (that request itself is left
  // unanswered; the frontend's client reconnects). One such request does it.
  const priming = http
    .get(`${url}/health`, {
      headers: { upgrade: 'websocket', connection: 'upgrade' },
    })
    .on('error', () => {});
  while (server.listenerCount('upgrade') === 0) {
    await new Promise(done => setTimeout(done, 10));
  }
  priming.destroy();
  const ws = new WebSocket(url.replace(/^http/, 'ws'));
  await new Promise((done, fail) => {
    ws.once('open', done);
    ws.once('error', fail);
  });
  let waiting: ((at: number, message: any) => void) | undefined;
  ws.on('message', data => {
    const at = performance.now();
    waiting?.(at, JSON.parse(String(data)));
  });
  for (const ref of entityRefs) {
    ws.send(
      JSON.stringify({
        action: 'subscribe',
        channel: maestroEntityChannel(ref),
      }),
    );
  }
  // Let the server read the subscriptions before anything is published.
  await new Promise(done => setTimeout(done, 200));
  return {
    /** When the next signal arrives, and its message. */
    next: (timeoutMs = 5_000) =>
      new Promise<{ at: number; message: any }>((done, fail) => {
        const timer = setTimeout(() => {
          waiting = undefined;
          fail(new Error('no signal within 5 s'));
        }, timeoutMs);
        waiting = (at, message) => {
          clearTimeout(timer);
          waiting = undefined;
          done({ at, message });
        };
      }),
    close: () => ws.close(),
  };
}

type Result = {
  database: string;
  events: number;
  payloadBytes: number;
  /** SQL statements knex reported (its 'query' event) per delivery. */
  statementsPerEvent: number;
  service: Timing;
  floor: Timing;
  latency: { arrival: number[]; ingest: number[]; publish: number[] };
};

async function countEvents(knex: Knex): Promise<number> {
  const row = await knex('maestro_hud_events').count({ count: '*' }).first();
  return Number(row?.count);
}

async function benchDatabase(database: string, knex: Knex): Promise<Result> {
  await knex.migrate.latest({ directory: MIGRATIONS });
  const site = await portal(knex);
  try {
    // Service: every round a new set of deliveries, one after the other.
    const sets = new Map<number, Delivery[]>();
    for (let round = -1; round < ROUNDS; round++) {
      sets.set(round, await deliveries(EVENTS));
    }
    let lastRoundFrom = '';
    let before = await countEvents(knex);
    let statements = 0;
    const countStatement = () => {
      statements += 1;
    };
    knex.on('query', countStatement);
    const service = await measure(async round => {
      lastRoundFrom = new Date().toISOString();
      for (const delivery of sets.get(round)!) await site.receive(delivery);
    });
    knex.off('query', countStatement);
    const stored = (await countEvents(knex)) - before;
    if (stored !== EVENTS * (ROUNDS + 1) || loggedErrors.length) {
      throw new Error(
        `the service stored ${stored} events, expected ${
          EVENTS * (ROUNDS + 1)
        }; ${loggedErrors.slice(0, 3).join('; ')}`,
      );
    }

    // Floor: the rows the last service round stored, under new ids and
    // keys, in one transaction of batched inserts.
    const template: Array<Record<string, unknown>> = await knex(
      'maestro_hud_events',
    ).where('received_at', '>=', lastRoundFrom);
    if (template.length !== EVENTS) {
      throw new Error(`found ${template.length} rows of the last round`);
    }
    const payloadBytes =
      template.reduce(
        (sum, row) =>
          sum +
          Buffer.byteLength(String(row.payload)) +
          Buffer.byteLength(String(row.normalized)),
        0,
      ) / template.length;
    const floorRows = Array.from({ length: ROUNDS + 1 }, () =>
      template.map(row => {
        const id = randomUUID();
        return {
          ...row,
          id,
          event_key: createHash('sha256').update(id).digest('hex'),
          delivery_id: id,
        };
      }),
    );
    before = await countEvents(knex);
    const floor = await measure(async round => {
      await knex.transaction(async tx => {
        await tx.batchInsert('maestro_hud_events', floorRows[round + 1], BATCH);
      });
    });
    if ((await countEvents(knex)) - before !== EVENTS * (ROUNDS + 1)) {
      throw new Error('the floor did not store every row');
    }

    // Latency: one delivery at a time, a client subscribed to every entity.
    const client = await signalsClient(
      site.server,
      site.signalsUrl,
      Array.from(
        { length: REPOSITORIES },
        (_, i) => `component:default/service-${i}`,
      ),
    );
    const latency = {
      arrival: [] as number[],
      ingest: [] as number[],
      publish: [] as number[],
    };
    try {
      const set = await deliveries(LATENCY_EVENTS + 20);
      for (const [index, delivery] of set.entries()) {
        const signal = client.next();
        await site.receive(delivery);
        const { at, message } = await signal;
        if (message?.message?.topic !== 'hud') {
          throw new Error(`unexpected signal ${JSON.stringify(message)}`);
        }
        if (index < 20) continue; // warm-up
        latency.arrival.push(at - site.marks.arrival);
        latency.ingest.push(at - site.marks.ingest);
        latency.publish.push(at - site.marks.publish);
      }
    } finally {
      client.close();
    }
    return {
      database,
      events: EVENTS,
      payloadBytes,
      statementsPerEvent: statements / (EVENTS * (ROUNDS + 1)),
      service,
      floor,
      latency,
    };
  } finally {
    await site.close();
  }
}

const perSecond = (events: number, t: Timing) =>
  Math.round(events / (t.wallMs / 1000)).toLocaleString('en-US');
const ms = (values: number[], p: number) => percentile(values, p).toFixed(2);

export async function main(): Promise<void> {
  /* eslint-disable no-console */
  console.log(
    `Maestro Build HUD event ingestion benchmark: ${EVENTS.toLocaleString(
      'en-US',
    )} GitHub deliveries per round, median of ${ROUNDS} rounds after one warm-up; latency over ${LATENCY_EVENTS} deliveries after 20 warm-up`,
  );
  console.log(
    `Node ${process.version}, ${os.cpus().length} cores (${
      os.cpus()[0]?.model ?? 'unknown CPU'
    }), load ${os.loadavg()[0].toFixed(1)}, ${new Date().toISOString()}`,
  );
  const results: Result[] = [];
  const dir = mkdtempSync(join(os.tmpdir(), 'maestro-bench-events-'));
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
    results.push(await benchDatabase('SQLite (file)', sqlite));
  } finally {
    await sqlite.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  const pg = await temporaryPostgres('maestro_bench_events');
  if (typeof pg === 'string') {
    console.log(pg);
  } else {
    try {
      results.push(await benchDatabase('PostgreSQL', pg.knex));
    } finally {
      await pg.drop();
    }
  }

  console.log('');
  console.log(
    '| Database | Events | Avg payload + normalized bytes | Signed webhook ingest events/s | Batched insert events/s | Ingest / insert | Ingest ms per event |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(
      `| ${r.database} | ${r.events.toLocaleString('en-US')} | ${Math.round(
        r.payloadBytes,
      ).toLocaleString('en-US')} | ${perSecond(
        r.events,
        r.service,
      )} | ${perSecond(r.events, r.floor)} | ${(
        r.floor.wallMs / r.service.wallMs
      ).toFixed(3)} (1/${(r.service.wallMs / r.floor.wallMs).toFixed(0)}) | ${(
        r.service.wallMs / r.events
      ).toFixed(2)} |`,
    );
  }
  console.log('');
  console.log(
    `Signal latency, ms (${LATENCY_EVENTS} deliveries, one at a time, client in this process):`,
  );
  console.log('');
  console.log('| Database | Span | p50 | p95 | max |');
  console.log('|---|---|---:|---:|---:|');
  for (const r of results) {
    const spans: Array<[string, number[]]> = [
      ['delivery arrives → client receives signal', r.latency.arrival],
      ['HudService.ingest starts → client receives', r.latency.ingest],
      ['signal published (after commit) → client receives', r.latency.publish],
    ];
    for (const [span, values] of spans) {
      console.log(
        `| ${r.database} | ${span} | ${ms(values, 50)} | ${ms(
          values,
          95,
        )} | ${ms(values, 100)} |`,
      );
    }
  }
  console.log('');
  console.log(
    "Wall-clock (the database server's CPU is not in this process's CPU time). CPU ms of this process per round, ingest / insert:",
  );
  for (const r of results) {
    console.log(
      `  ${r.database}: ${r.service.cpuMs.toFixed(0)} / ${r.floor.cpuMs.toFixed(
        0,
      )}`,
    );
  }
  console.log(
    `SQL statements per delivery on the ingest path (knex 'query' events): ${results
      .map(r => `${r.database} ${r.statementsPerEvent.toFixed(1)}`)
      .join(', ')}`,
  );
  /* eslint-enable no-console */
}
