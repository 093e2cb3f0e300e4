/*
 * Release channels through the whole plugin, on PostgreSQL and SQLite, with
 * a real Git repository on disk (seeded from examples/gitops) and real Helm
 * for the rendered-chart policy gate and the pre-promotion diff.
 */
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { GitCliRepository } from '@maestro-conductor/backstage-plugin-maestro-node';
import { Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  component,
  startMaestroBackend,
} from '../__testUtils__/startMaestroBackend';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const SEED = path.resolve(__dirname, '../../../../examples/gitops');
const ENTITY = 'component:default/payments-api';
const REPOSITORY = 'ghcr.io/acme/payments-api';
const ADA = 'user:default/ada-lovelace';
const ALAN = 'user:default/alan-turing';
const EDSGER = 'user:default/edsger-dijkstra';
const as = (user: string) => mockCredentials.user.header(user);
type Server = Parameters<typeof request>[0];

const digest = (c: string) => `sha256:${c.repeat(64)}`;

const user = (name: string, groups: string[], email?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name },
  spec: {
    profile: { displayName: name.replace('-', ' '), ...(email && { email }) },
    memberOf: groups,
  },
  relations: groups.map(group => ({
    type: 'memberOf',
    targetRef: `group:default/${group}`,
  })),
});

const entities = [
  component('payments-api', {
    'maestro.io/image': REPOSITORY,
    'maestro.io/channels': 'dev,staging,prod',
    'maestro.io/helm-chart': 'services/payments-api/chart',
  }),
  component(
    'checkout-web',
    {
      'maestro.io/image': 'ghcr.io/acme/checkout-web',
      'maestro.io/channels': 'dev,staging,prod',
      'maestro.io/helm-chart': 'services/checkout-web/chart',
    },
    { owner: 'group:checkout-team' },
  ),
  user('ada-lovelace', ['payments-team'], 'ada@example.com'),
  user('alan-turing', ['payments-team']),
  user('edsger-dijkstra', ['search-team']),
];

/** Every supply-chain condition off: these tests are about release gates. */
const PERMISSIVE_GATE = {
  requireSbom: false,
  requireSignature: false,
  requireProvenance: false,
  requireSignedProvenance: false,
  requirePolicyPass: false,
};

describe.each(databases.eachSupportedId())('release channels on %s', id => {
  let knex: Knex;
  let server: Server;
  let gitDir: string;
  let repository: GitCliRepository;

  async function start(maestro: object = {}) {
    ({ server } = await startMaestroBackend(knex, {
      entities,
      maestro: {
        releases: {
          gitops: { repository: gitDir, seedDirectory: SEED },
          channels: { prod: { approvals: 1 } },
        },
        supplyChain: {
          gates: { staging: PERMISSIVE_GATE, prod: PERMISSIVE_GATE },
        },
        ...maestro,
      },
    }));
  }

  beforeEach(async () => {
    knex = await databases.init(id);
    gitDir = fs.mkdtempSync(path.join(os.tmpdir(), 'maestro-gitops-'));
    fs.rmSync(gitDir, { recursive: true });
    repository = GitCliRepository.create({ repositoryPath: gitDir });
    await start();
  });

  afterEach(() => {
    fs.rmSync(gitDir, { recursive: true, force: true });
  });

  async function register(
    c: string,
    options: { entityRef?: string; repository?: string } = {},
  ): Promise<string> {
    const res = await request(server)
      .post('/api/maestro/supply-chain/artifacts')
      .set('Authorization', as(ADA))
      .send({
        entityRef: options.entityRef ?? ENTITY,
        repository: options.repository ?? REPOSITORY,
        digest: digest(c),
        tags: [`1.0.${c}`],
      });
    expect(res.status).toBe(201);
    // A clean scan, so the staging and prod vulnerability thresholds have a report to read.
    const scan = await request(server)
      .post('/api/maestro/supply-chain/evidence')
      .query({
        entityRef: options.entityRef ?? ENTITY,
        image: `${options.repository ?? REPOSITORY}@${digest(c)}`,
      })
      .set('Authorization', as(ADA))
      .set('Content-Type', 'application/json')
      .send(
        JSON.stringify({
          SchemaVersion: 2,
          ArtifactName: `${options.repository ?? REPOSITORY}@${digest(c)}`,
          ArtifactType: 'container_image',
          Results: [
            {
              Target: 'payments-api (debian 12.8)',
              Class: 'os-pkgs',
              Type: 'debian',
              Vulnerabilities: [],
            },
          ],
        }),
      );
    expect(scan.status).toBe(201);
    return res.body.id;
  }

  const promote = (body: object, who = ADA) =>
    request(server)
      .post('/api/maestro/releases/promotions')
      .set('Authorization', as(who))
      .send({ entityRef: ENTITY, ...body });

  const approve = (body: object, who: string) =>
    request(server)
      .post('/api/maestro/releases/approvals')
      .set('Authorization', as(who))
      .send({ entityRef: ENTITY, ...body });

  const overlay = (channel: string) =>
    repository.readFile('main', `services/payments-api/values-${channel}.yaml`);

  const ledgerActions = async () =>
    (await knex('maestro_ledger_entries').orderBy('sequence')).map(
      (row: { action: string }) => row.action,
    );

  it('promotes a registered digest into dev: a commit by the user on the overlay, a revision, a ledger entry', async () => {
    const artifactId = await register('a');
    const res = await promote({ channel: 'dev', artifactId });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      entityRef: ENTITY,
      channel: 'dev',
      revision: 1,
      kind: 'promote',
      digest: digest('a'),
      actor: ADA,
    });
    expect(res.body.gates.passed).toBe(true);

    const [commit] = await repository.log({ branch: 'main', limit: 1 });
    expect(commit.sha).toBe(res.body.commit);
    expect(commit.author).toEqual({
      name: 'ada lovelace',
      email: 'ada@example.com',
    });
    expect(commit.message).toContain(
      `Maestro-Promotion: ${res.body.promotionId}`,
    );
    expect(commit.message).toContain(`${REPOSITORY}@${digest('a')}`);
    expect(await overlay('dev')).toContain(`digest: ${digest('a')}`);
    expect(await ledgerActions()).toContain('release.promote');

    const lanes = await request(server)
      .get('/api/maestro/releases')
      .query({ entityRef: ENTITY })
      .set('Authorization', as(ADA));
    expect(lanes.status).toBe(200);
    expect(
      lanes.body.channels.map((lane: any) => [
        lane.channel,
        lane.current?.digest ?? null,
        lane.deployment.state,
      ]),
    ).toEqual([
      ['dev', digest('a'), 'not-configured'],
      ['staging', null, 'not-configured'],
      ['prod', null, 'not-configured'],
    ]);

    const matrix = await request(server)
      .get('/api/maestro/releases/matrix')
      .set('Authorization', as(ADA));
    expect(matrix.body.items).toEqual([
      {
        entityRef: ENTITY,
        channels: ['dev', 'staging', 'prod'],
        cells: {
          dev: expect.objectContaining({ revision: 1, digest: digest('a') }),
        },
        lagging: ['staging'],
      },
    ]);
  });

  it('blocks staging until the digest ran in dev, then promotes', async () => {
    const artifactId = await register('b');
    const blocked = await promote({ channel: 'staging', artifactId });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.message).toContain(
      'Ran in dev first: Not yet promoted to dev',
    );
    const checklist = await request(server)
      .get('/api/maestro/releases/checklist')
      .query({ entityRef: ENTITY, channel: 'staging', artifactId })
      .set('Authorization', as(ADA));
    expect(checklist.body.blockedBy).toEqual(['releases/previous-channel']);
    expect(
      checklist.body.items.map((i: any) => `${i.source}/${i.id}:${i.status}`),
    ).toEqual([
      'supply-chain/verdict:pass',
      'policy/rendered-chart:pass',
      'releases/previous-channel:fail',
      'releases/freeze:pass',
    ]);
    expect(await repository.log({ branch: 'main' })).toHaveLength(1);

    expect((await promote({ channel: 'dev', artifactId })).status).toBe(201);
    const promoted = await promote({ channel: 'staging', artifactId });
    expect(promoted.status).toBe(201);
    expect(await overlay('staging')).toContain(`digest: ${digest('b')}`);
  });

  it('needs an approval from another member of the owning group for prod', async () => {
    const artifactId = await register('c');
    for (const channel of ['dev', 'staging']) {
      expect((await promote({ channel, artifactId })).status).toBe(201);
    }
    const pending = await promote({ channel: 'prod', artifactId });
    expect(pending.status).toBe(409);
    expect(pending.body.error.message).toContain('0 of 1');

    // Her own approval is recorded but does not count for her promotion.
    expect((await approve({ channel: 'prod', artifactId }, ADA)).status).toBe(
      201,
    );
    expect((await promote({ channel: 'prod', artifactId })).status).toBe(409);

    const outsider = await approve({ channel: 'prod', artifactId }, EDSGER);
    expect(outsider.status).toBe(403);
    expect(outsider.body.error.message).toContain(
      'group:default/payments-team',
    );

    expect((await approve({ channel: 'prod', artifactId }, ALAN)).status).toBe(
      201,
    );
    expect((await approve({ channel: 'prod', artifactId }, ALAN)).status).toBe(
      200,
    );
    const promoted = await promote({ channel: 'prod', artifactId });
    expect(promoted.status).toBe(201);
    const approvals = promoted.body.gates.items.find(
      (i: any) => i.id === 'approvals',
    );
    expect(approvals).toMatchObject({ status: 'pass' });
    expect(approvals.reason).toContain(ALAN);
    // Alan, who approved, may promote it himself: Ada's approval counts for him.
    expect(await ledgerActions()).toEqual(
      expect.arrayContaining(['release.approve', 'release.promote']),
    );
  });

  it('refuses tags, other services\u2019 digests, unknown channels and unregistered digests, changing nothing', async () => {
    const mine = await register('d');
    const theirs = await register('e', {
      entityRef: 'component:default/checkout-web',
      repository: 'ghcr.io/acme/checkout-web',
    });
    const tag = await promote({
      channel: 'dev',
      digest: 'ghcr.io/acme/payments-api:1.2.3',
    });
    expect(tag.status).toBe(400);
    expect(tag.body.error.message).toContain('never tags');
    const other = await promote({ channel: 'dev', artifactId: theirs });
    expect(other.status).toBe(400);
    expect(other.body.error.message).toContain(
      'belongs to component:default/checkout-web',
    );
    const channel = await promote({ channel: 'qa', artifactId: mine });
    expect(channel.status).toBe(400);
    expect(channel.body.error.message).toContain(
      'its channels (maestro.io/channels) are dev, staging, prod',
    );
    const unknown = await promote({ channel: 'dev', digest: digest('f') });
    expect(unknown.status).toBe(404);
    expect(await repository.log({ branch: 'main' })).toHaveLength(1);
    expect(await knex('maestro_release_revisions')).toHaveLength(0);
  });

  it('lets one of two concurrent promotions of a channel win; Git, revisions and ledger agree', async () => {
    const first = await register('1');
    const second = await register('2');
    const results = await Promise.all([
      promote({ channel: 'dev', artifactId: first }),
      promote({ channel: 'dev', artifactId: second }),
    ]);
    expect(results.map(r => r.status).sort()).toEqual([201, 409]);
    const winner = results.find(r => r.status === 201)!;
    const log = await repository.log({ branch: 'main' });
    expect(log).toHaveLength(2);
    expect(log[0].sha).toBe(winner.body.commit);
    const revisions = await knex('maestro_release_revisions');
    expect(revisions).toHaveLength(1);
    expect(
      (await ledgerActions()).filter(a => a === 'release.promote'),
    ).toHaveLength(1);
    const verify = await request(server)
      .get('/api/maestro/ledger/verify')
      .set('Authorization', as(ADA));
    expect(verify.body.ok).toBe(true);
  });

  it('rolls back to an earlier revision as a new revision through the gates', async () => {
    const a = await register('7');
    const b = await register('8');
    expect((await promote({ channel: 'dev', artifactId: a })).status).toBe(201);
    expect((await promote({ channel: 'dev', artifactId: b })).status).toBe(201);
    const rollback = await request(server)
      .post('/api/maestro/releases/rollbacks')
      .set('Authorization', as(ADA))
      .send({ entityRef: ENTITY, channel: 'dev', revision: 1 });
    expect(rollback.status).toBe(201);
    expect(rollback.body).toMatchObject({
      revision: 3,
      kind: 'rollback',
      rollbackOf: 1,
      digest: digest('7'),
    });
    expect(await overlay('dev')).toContain(`digest: ${digest('7')}`);
    const history = await request(server)
      .get('/api/maestro/releases/revisions')
      .query({ entityRef: ENTITY, channel: 'dev' })
      .set('Authorization', as(ADA));
    expect(history.body.items.map((r: any) => [r.revision, r.kind])).toEqual([
      [3, 'rollback'],
      [2, 'promote'],
      [1, 'promote'],
    ]);
    expect(await ledgerActions()).toContain('release.rollback');
    const missing = await request(server)
      .post('/api/maestro/releases/rollbacks')
      .set('Authorization', as(ADA))
      .send({ entityRef: ENTITY, channel: 'dev', revision: 9 });
    expect(missing.status).toBe(404);
  });

  it('shows the overlay and rendered-manifest diff before promoting', async () => {
    const artifactId = await register('9');
    const res = await request(server)
      .get('/api/maestro/releases/diff')
      .query({ entityRef: ENTITY, channel: 'dev', artifactId })
      .set('Authorization', as(ADA));
    expect(res.status).toBe(200);
    expect(res.body.valuesDiff).toContain(`+  digest: ${digest('9')}`);
    expect(res.body.manifests).toEqual([
      expect.objectContaining({ kind: 'Deployment', change: 'changed' }),
    ]);
    expect(res.body.manifests[0].diff).toContain(
      `${REPOSITORY}@${digest('9')}`,
    );
    expect(res.body.gates.passed).toBe(true);
    expect(await repository.log({ branch: 'main' })).toHaveLength(1);
  });

  it('records a promotion commit whose revision was lost (the database failed after the push)', async () => {
    const artifactId = await register('5');
    const head = (await repository.head('main'))!;
    const file = 'services/payments-api/values-dev.yaml';
    const text = (await repository.readFile(head, file)).replace(
      /digest: sha256:[0-9a-f]{64}/,
      `digest: ${digest('5')}`,
    );
    const sha = await repository.commitFiles({
      branch: 'main',
      expectedHead: head,
      files: { [file]: text },
      author: { name: 'Ada', email: 'ada@example.com' },
      message: [
        'Promote payments-api to dev',
        '',
        'Maestro-Promotion: 6f1c1b0e-8f5e-4d2a-9a57-3f7f3c1f0b11',
        'Maestro-Kind: promote',
        `Maestro-Entity: ${ENTITY}`,
        'Maestro-Channel: dev',
        `Maestro-Artifact: ${artifactId}`,
        `Maestro-Repository: ${REPOSITORY}`,
        `Maestro-Digest: ${digest('5')}`,
        `Maestro-Actor: ${ADA}`,
      ].join('\n'),
    });
    const lanes = await request(server)
      .get('/api/maestro/releases')
      .query({ entityRef: ENTITY })
      .set('Authorization', as(ADA));
    expect(lanes.body.channels[0].current).toMatchObject({
      revision: 1,
      kind: 'reconcile',
      commit: sha,
      digest: digest('5'),
      actor: ADA,
    });
    expect(await ledgerActions()).toContain('release.reconcile');
    // Read again: recorded once.
    await request(server)
      .get('/api/maestro/releases')
      .query({ entityRef: ENTITY })
      .set('Authorization', as(ADA));
    expect(await knex('maestro_release_revisions')).toHaveLength(1);
  });
});

describe('release channels not configured', () => {
  it('answer 503 saying what to set', async () => {
    const { server } = await startMaestroBackend(undefined, { entities });
    const res = await request(server)
      .get('/api/maestro/releases')
      .query({ entityRef: ENTITY })
      .set('Authorization', as(ADA));
    expect(res.status).toBe(503);
    expect(res.body.error.message).toContain(
      'maestro.releases.gitops.repository',
    );
  });
});
