import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import {
  deliver,
  Hud,
  postCloudEvent,
  SECRET,
  startHud,
  stored,
  timeline,
} from './__testUtils__/hudBackend';
import {
  binaryRequest,
  structuredRequest,
  tektonFixture,
  tektonFixtureNames,
} from './__testUtils__/tekton';
import { githubExamples } from './__testUtils__/webhooks';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'Build HUD API on %s',
  databaseId => {
    let hud: Hud;

    beforeAll(async () => {
      hud = await startHud(databases, databaseId);
    });

    beforeEach(() => {
      hud.signals.publish.mockClear();
      hud.access.result = AuthorizeResult.ALLOW;
    });

    describe('GitHub webhooks through the events backend', () => {
      it('stores a signed delivery for the entity with the repository’s project slug, once per delivery id', async () => {
        const payload = githubExamples('workflow_run').find(
          e => e.workflow_run.pull_requests.length > 0,
        )!;
        const first = await deliver(hud, 'workflow_run', payload, 'gh-run-1');
        expect(first.status).toBe(202);
        const replayed = await deliver(
          hud,
          'workflow_run',
          payload,
          'gh-run-1',
        );
        expect(replayed.status).toBe(202);

        const rows = await stored(hud, { delivery_id: 'gh-run-1' });
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({
          source: 'github',
          event_type: 'workflow_run.completed',
          entity_ref: 'component:default/octo-repo',
          received_by: 'github-webhook',
        });
        expect(JSON.parse(rows[0].payload)).toEqual(payload);

        const res = await timeline(hud, 'component:default/octo-repo');
        expect(res.status).toBe(200);
        expect(res.body.runs).toEqual([
          expect.objectContaining({
            entityRef: 'component:default/octo-repo',
            source: 'github',
            provider: 'github-actions',
            externalId: String(payload.workflow_run.id),
            status: 'succeeded',
            pullRequest: payload.workflow_run.pull_requests[0].number,
            url: payload.workflow_run.html_url,
          }),
        ]);
        expect(res.body.pullRequests).toEqual([
          expect.objectContaining({
            number: payload.workflow_run.pull_requests[0].number,
            latestRun: expect.objectContaining({ status: 'succeeded' }),
          }),
        ]);
        const other = await timeline(hud, 'component:default/hello-world');
        expect(other.body.runs).toEqual([]);
      });

      it('refuses a forged signature and an unsigned delivery with 403 and stores nothing', async () => {
        const payload = githubExamples('pull_request')[0];
        const forged = await deliver(
          hud,
          'pull_request',
          payload,
          'gh-forged',
          'forged',
        );
        const unsigned = await deliver(
          hud,
          'pull_request',
          payload,
          'gh-unsigned',
          'none',
        );
        expect(forged.status).toBe(403);
        expect(unsigned.status).toBe(403);
        expect(forged.body).toEqual({ message: 'invalid signature' });
        expect(await stored(hud, { delivery_id: 'gh-forged' })).toHaveLength(0);
        expect(await stored(hud, { delivery_id: 'gh-unsigned' })).toHaveLength(
          0,
        );
        expect(hud.signals.publish).not.toHaveBeenCalled();
      });

      it('drops deliveries of repositories no entity claims', async () => {
        const payload = githubExamples('pull_request')[0];
        payload.repository.full_name = 'someone-else/unrelated';
        const res = await deliver(
          hud,
          'pull_request',
          payload,
          'gh-unknown-repo',
        );
        expect(res.status).toBe(202);
        expect(
          await stored(hud, { delivery_id: 'gh-unknown-repo' }),
        ).toHaveLength(0);
      });

      it('builds the pull request’s timeline and publishes a hud signal on the entity’s channel', async () => {
        const opened = githubExamples('pull_request').find(
          e => e.action === 'opened',
        )!;
        const job = githubExamples('workflow_job').find(
          e =>
            e.repository.full_name === 'Codertocat/Hello-World' &&
            e.workflow_job.conclusion === 'failure',
        )!;
        const run = githubExamples('workflow_run')[3];
        // The job's run, reported for Codertocat/Hello-World's PR #2.
        run.repository = opened.repository;
        run.workflow_run.id = job.workflow_job.run_id;
        run.workflow_run.pull_requests = [
          { number: opened.pull_request.number },
        ];

        expect(
          (await deliver(hud, 'pull_request', opened, 'gh-pr-opened')).status,
        ).toBe(202);
        expect(hud.signals.publish).toHaveBeenCalledWith({
          recipients: { type: 'broadcast' },
          channel: 'maestro:entity:component:default/hello-world',
          message: expect.objectContaining({
            topic: 'hud',
            entityRef: 'component:default/hello-world',
          }),
        });
        await deliver(hud, 'workflow_job', job, 'gh-job-linters');
        await deliver(hud, 'workflow_run', run, 'gh-run-requested');

        const res = await request(hud.server)
          .get(
            `/api/maestro/hud/pull-requests/${opened.pull_request.number}?entityRef=component:default/hello-world`,
          )
          .set('Authorization', mockCredentials.user.header());
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          entityRef: 'component:default/hello-world',
          number: opened.pull_request.number,
          title: opened.pull_request.title,
          state: 'open',
          author: opened.pull_request.user.login,
          url: opened.pull_request.html_url,
          headCommit: opened.pull_request.head.sha,
          runs: [
            {
              externalId: String(job.workflow_job.run_id),
              stages: [
                {
                  name: 'lint',
                  status: 'failed',
                  url: job.workflow_job.html_url,
                },
              ],
            },
          ],
        });
      });

      it('ends in the completed state when completed arrives before requested', async () => {
        const [requested, completed] = [
          githubExamples('workflow_run').find(e => e.action === 'requested')!,
          githubExamples('workflow_run').find(
            e => e.workflow_run.conclusion === 'success',
          )!,
        ];
        for (const payload of [requested, completed]) {
          payload.repository = {
            ...payload.repository,
            full_name: 'acme/payments-api',
          };
          payload.workflow_run.id = 555_000_111;
          payload.workflow_run.pull_requests = [];
        }
        await deliver(hud, 'workflow_run', completed, 'gh-ooo-completed');
        await deliver(hud, 'workflow_run', requested, 'gh-ooo-requested');
        const res = await timeline(hud, 'component:default/payments-api');
        expect(
          res.body.runs.find(
            (r: { externalId: string }) => r.externalId === '555000111',
          ),
        ).toMatchObject({ status: 'succeeded' });
      });
    });

    describe('CloudEvents', () => {
      it('folds Tekton’s events (binary mode) into a run with stages and the built image', async () => {
        for (const name of tektonFixtureNames()) {
          const res = await postCloudEvent(
            hud,
            binaryRequest(tektonFixture(name)),
          );
          expect([name, res.status]).toEqual([name, 201]);
          expect(res.body).toMatchObject({
            status: 'created',
            entityRef: 'component:default/payments-api',
          });
        }
        const res = await timeline(hud, 'component:default/payments-api');
        const run = res.body.runs.find(
          (r: { provider: string }) => r.provider === 'tekton',
        );
        expect(run).toMatchObject({
          source: 'cloudevents',
          externalId: 'payments-ci/payments-api-on-pull-request-x7k2p',
          status: 'failed',
          pullRequest: 42,
          commit: '9f3c2e1b7a64d05c8e2f1a3b6d9c0e4f7a1b2c3d',
          branch: 'feature/retry-captures',
          imageDigest:
            'sha256:4b825dc642cb6eb9a060e54bf8d69288fbee4904c1a3e4b6b8c5a7d1e2f3a4b5',
          durationMs: 479_000,
        });
        expect(
          run.stages.map((s: { name: string; status: string }) => [
            s.name,
            s.status,
          ]),
        ).toEqual([
          ['test', 'succeeded'],
          ['build', 'succeeded'],
          ['scan', 'failed'],
        ]);
        expect(hud.signals.publish).toHaveBeenCalledTimes(
          tektonFixtureNames().length,
        );
      });

      it('stores a structured-mode event once per source and id', async () => {
        const fixture = tektonFixture('01-pipelinerun-started.json');
        fixture.headers['ce-id'] = 'structured-1';
        fixture.data.pipelineRun.metadata.name = 'payments-api-structured';
        const first = await postCloudEvent(hud, structuredRequest(fixture));
        const again = await postCloudEvent(hud, structuredRequest(fixture));
        expect([first.status, again.status]).toEqual([201, 200]);
        expect(again.body).toMatchObject({
          status: 'duplicate',
          eventId: first.body.eventId,
        });
        // Same id from another source is another event.
        fixture.headers['ce-source'] =
          '/apis/tekton.dev/v1/namespaces/other/PipelineRun/x';
        expect(
          (await postCloudEvent(hud, structuredRequest(fixture))).status,
        ).toBe(201);
        expect(await stored(hud, { delivery_id: 'structured-1' })).toHaveLength(
          2,
        );
      });

      it('goes to the entity named by the pipeline when the run names no repository', async () => {
        const fixture = tektonFixture('07-pipelinerun-failed.json');
        fixture.headers['ce-id'] = 'nightly-1';
        const run = fixture.data.pipelineRun;
        run.metadata.name = 'nightly-build-run-1';
        run.metadata.labels = { 'tekton.dev/pipeline': 'nightly-build' };
        run.metadata.annotations = {};
        const res = await postCloudEvent(hud, binaryRequest(fixture));
        expect(res.status).toBe(201);
        expect(res.body.entityRef).toBe('component:default/nightly');
      });

      it.each([
        [
          'no specversion',
          (f: any) => delete f.headers['ce-specversion'],
          /missing ce-specversion header/,
        ],
        [
          'specversion 0.3',
          (f: any) => (f.headers['ce-specversion'] = '0.3'),
          /specversion 0\.3 is not supported/,
        ],
        [
          'no id',
          (f: any) => delete f.headers['ce-id'],
          /missing ce-id header/,
        ],
        [
          'no type',
          (f: any) => delete f.headers['ce-type'],
          /missing ce-type header/,
        ],
        [
          'an unknown content type',
          (f: any) => {
            for (const key of Object.keys(f.headers))
              if (key.startsWith('ce-')) delete f.headers[key];
            f.headers['content-type'] = 'application/xml';
          },
          /Unknown content type application\/xml/,
        ],
        [
          'data that is not an object',
          (f: any) => (f.data = ['not', 'an', 'object']),
          /data must be a JSON object/,
        ],
        [
          'another event type',
          (f: any) =>
            (f.headers['ce-type'] = 'dev.knative.apiserver.resource.add'),
          /Unsupported CloudEvent type/,
        ],
        [
          'no entity found',
          (f: any) => {
            const labels = f.data.pipelineRun.metadata.labels;
            labels['pipelinesascode.tekton.dev/url-org'] = 'nobody';
            labels['tekton.dev/pipeline'] = 'unknown-pipeline';
          },
          /No entity found: no catalog entity has github\.com\/project-slug: nobody\/payments-api; no catalog entity has maestro\.io\/tekton-pipeline: unknown-pipeline/,
        ],
      ])(
        'answers 400 with the reason for %s, storing nothing',
        async (_, change, reason) => {
          const fixture = tektonFixture('01-pipelinerun-started.json');
          fixture.headers['ce-id'] = `malformed-${Math.random()}`;
          change(fixture);
          const res = await postCloudEvent(hud, binaryRequest(fixture));
          expect(res.status).toBe(400);
          expect(res.body.error.name).toBe('InputError');
          expect(res.body.error.message).toMatch(reason);
          expect(
            await stored(hud, { delivery_id: fixture.headers['ce-id'] ?? '' }),
          ).toHaveLength(0);
        },
      );

      it('needs credentials and the ingest permission on the entity', async () => {
        const fixture = tektonFixture('01-pipelinerun-started.json');
        fixture.headers['ce-id'] = 'unauthorized-1';
        const anonymous = await postCloudEvent(
          hud,
          binaryRequest(fixture),
          mockCredentials.none.header(),
        );
        expect(anonymous.status).toBe(401);
        hud.access.result = AuthorizeResult.DENY;
        const denied = await postCloudEvent(hud, binaryRequest(fixture));
        expect(denied.status).toBe(403);
        expect(
          await stored(hud, { delivery_id: 'unauthorized-1' }),
        ).toHaveLength(0);
      });
    });

    describe('BuildEvent API', () => {
      const buildEvent = {
        eventId: 'jenkins-payments-77-test',
        repository: 'acme/payments-api',
        provider: 'jenkins',
        runId: 'payments-api/77',
        runUrl: 'https://jenkins.acme.dev/job/payments-api/77/',
        branch: 'main',
        commit: '1f2e3d4c5b6a',
        stage: 'unit-tests',
        status: 'failed',
        startedAt: '2026-12-01T11:00:00Z',
        finishedAt: '2026-12-01T11:03:00Z',
        tests: {
          passed: 311,
          failed: 2,
          failures: [
            { name: 'CaptureTest.retries', message: 'expected 1 capture' },
          ],
        },
        occurredAt: '2026-12-01T11:03:00Z',
      };
      const post = (body: unknown) =>
        request(hud.server)
          .post('/api/maestro/hud/events')
          .set('Authorization', mockCredentials.service.header())
          .send(body as object);

      it('stores an event once per eventId and shows its stage', async () => {
        const first = await post(buildEvent);
        const again = await post(buildEvent);
        expect(first.status).toBe(201);
        expect(again.status).toBe(200);
        expect(again.body.status).toBe('duplicate');
        const res = await timeline(hud, 'component:default/payments-api');
        expect(
          res.body.runs.find(
            (r: { provider: string }) => r.provider === 'jenkins',
          ),
        ).toMatchObject({
          source: 'api',
          externalId: 'payments-api/77',
          status: 'running',
          stages: [
            {
              name: 'test',
              status: 'failed',
              durationMs: 180_000,
              tests: buildEvent.tests,
            },
          ],
        });
      });

      it('answers 400 with the fields that are wrong', async () => {
        const res = await post({
          ...buildEvent,
          eventId: 'bad-1',
          status: 'done',
          occurredAt: 'yesterday',
          repository: undefined,
        });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(/status: /);
        expect(res.body.error.message).toMatch(/occurredAt: /);
        const nameless = await post({
          ...buildEvent,
          eventId: 'bad-3',
          repository: undefined,
        });
        expect(nameless.status).toBe(400);
        expect(nameless.body.error.message).toBe(
          'Invalid build event: entityRef: give entityRef or repository',
        );
        const unknown = await post({
          ...buildEvent,
          eventId: 'bad-2',
          repository: undefined,
          entityRef: 'component:default/nope',
        });
        expect(unknown.status).toBe(400);
        expect(unknown.body.error.message).toBe(
          'No catalog entity component:default/nope',
        );
      });
    });

    describe('reads', () => {
      it('validates queries and answers 404 for an unknown pull request', async () => {
        const missing = await request(hud.server)
          .get('/api/maestro/hud/timeline?limit=0')
          .set('Authorization', mockCredentials.user.header());
        expect(missing.status).toBe(400);
        expect(missing.body.error.message).toMatch(/entityRef: /);
        expect(missing.body.error.message).toMatch(/limit: /);
        const notFound = await request(hud.server)
          .get(
            '/api/maestro/hud/pull-requests/999?entityRef=component:default/payments-api',
          )
          .set('Authorization', mockCredentials.user.header());
        expect(notFound.status).toBe(404);
        const anonymous = await request(hud.server)
          .get(
            '/api/maestro/hud/timeline?entityRef=component:default/payments-api',
          )
          .set('Authorization', mockCredentials.none.header());
        expect(anonymous.status).toBe(401);
      });
    });
  },
);

describe('Build HUD without a GitHub webhook secret', () => {
  it('reads no GitHub delivery, even one the events backend accepts unsigned', async () => {
    // `github` in events.http.topics without a secret registers the path
    // with no signature check at all.
    const hud = await startHud(databases, 'SQLITE_3', {
      http: { topics: ['github'] },
    });
    const payload = githubExamples('pull_request')[0];
    const res = await deliver(
      hud,
      'pull_request',
      payload,
      'gh-no-secret',
      'none',
    );
    expect(res.status).toBe(202);
    expect(await stored(hud, { delivery_id: 'gh-no-secret' })).toHaveLength(0);
  });
});

describe('examples/hud/replay-pr.mjs', () => {
  it('replays a pull request into the timeline of component:default/payments-api', async () => {
    const hud = await startHud(databases, 'SQLITE_3');
    const script = join(__dirname, '../../../../examples/hud/replay-pr.mjs');
    const url = `http://localhost:${hud.server.port()}/api/events/http/github`;
    const { stdout } = await promisify(execFile)(process.execPath, [
      script,
      '--url',
      url,
      '--secret',
      SECRET,
      '--delay',
      '0',
    ]);
    expect(stdout).toMatch(/Replayed 21 deliveries of PR #42/);

    const res = await timeline(hud, 'component:default/payments-api');
    expect(res.body.pullRequests).toEqual([
      expect.objectContaining({
        number: 42,
        state: 'open',
        title: 'Retry card captures on gateway timeouts',
        previewUrl: 'https://pr-42.payments-api.preview.acme.dev',
        latestRun: expect.objectContaining({ status: 'succeeded' }),
      }),
    ]);
    const [run] = res.body.runs;
    expect(
      run.stages.map((s: { name: string; status: string }) => [
        s.name,
        s.status,
      ]),
    ).toEqual([
      ['lint', 'succeeded'],
      ['test', 'succeeded'],
      ['build', 'succeeded'],
      ['scan', 'succeeded'],
      ['sign', 'succeeded'],
      ['policy', 'succeeded'],
      ['deploy', 'succeeded'],
      ['e2e', 'succeeded'],
    ]);
    expect(run.previewUrl).toBe('https://pr-42.payments-api.preview.acme.dev');
  });
});
