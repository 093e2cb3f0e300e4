import { TestDatabases } from '@backstage/backend-test-utils';
import {
  deliver,
  Hud,
  postBuildEvent,
  startHud,
  stored,
} from './__testUtils__/hudBackend';
import { githubExamples } from './__testUtils__/webhooks';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'Build HUD idempotency on %s',
  databaseId => {
    let hud: Hud;

    beforeAll(async () => {
      hud = await startHud(databases, databaseId);
    });

    describe('BuildEvent keys', () => {
      const event = {
        eventId: 'build-1',
        provider: 'jenkins',
        runId: '1',
        stage: 'unit-tests',
        status: 'succeeded',
        occurredAt: '2026-12-02T10:00:00Z',
      };

      it('stores the same eventId once per provider and entity', async () => {
        const payments = {
          ...event,
          entityRef: 'component:default/payments-api',
        };
        const first = await postBuildEvent(hud, payments);
        const otherEntity = await postBuildEvent(hud, {
          ...event,
          entityRef: 'component:default/hello-world',
        });
        const otherProvider = await postBuildEvent(hud, {
          ...payments,
          provider: 'buildkite',
        });
        // By repository, the same entity as `payments`.
        const again = await postBuildEvent(hud, {
          ...event,
          repository: 'acme/payments-api',
        });
        expect(
          [first, otherEntity, otherProvider, again].map(res => [
            res.status,
            res.body.status,
          ]),
        ).toEqual([
          [201, 'created'],
          [201, 'created'],
          [201, 'created'],
          [200, 'duplicate'],
        ]);
        expect(again.body.eventId).toBe(first.body.eventId);

        const rows = await stored(hud, { delivery_id: 'build-1' }).orderBy([
          'entity_ref',
          'origin',
        ]);
        expect(rows.map(row => [row.entity_ref, row.origin])).toEqual([
          ['component:default/hello-world', 'jenkins'],
          ['component:default/payments-api', 'buildkite'],
          ['component:default/payments-api', 'jenkins'],
        ]);
      });
    });

    describe('GitHub replays', () => {
      const payload = () => {
        const run = githubExamples('workflow_run').find(
          e => e.workflow_run.conclusion === 'success',
        )!;
        run.repository = { ...run.repository, full_name: 'acme/payments-api' };
        run.workflow_run.id = 888_000_001;
        return run;
      };
      const rowsOfRun = async () =>
        (await stored(hud, { entity_ref: 'component:default/payments-api' }))
          .map(row => JSON.parse(row.payload))
          .filter(body => body.workflow_run?.id === 888_000_001);

      it('stores one signed body once, under a new delivery id or redelivered by GitHub with the same one', async () => {
        const body = payload();
        const responses = [
          await deliver(hud, 'workflow_run', body, 'gh-replay-original'),
          // A replay: the signed body again, under delivery ids of its own.
          await deliver(hud, 'workflow_run', body, 'gh-replay-forged-1'),
          await deliver(hud, 'workflow_run', body, 'gh-replay-forged-2'),
          // GitHub's "Redeliver": same X-GitHub-Delivery, same body.
          await deliver(hud, 'workflow_run', body, 'gh-replay-original'),
          // The same JSON with its members in another order is the same payload.
          await deliver(
            hud,
            'workflow_run',
            Object.fromEntries(Object.entries(body).reverse()),
            'gh-replay-reordered',
          ),
        ];
        expect(responses.map(res => res.status)).toEqual([
          202, 202, 202, 202, 202,
        ]);
        expect(await rowsOfRun()).toHaveLength(1);
        expect(
          await stored(hud, { delivery_id: 'gh-replay-original' }),
        ).toHaveLength(1);
        expect(
          await hud.db('maestro_hud_payload_digests').where({
            event_id: (
              await stored(hud, { delivery_id: 'gh-replay-original' })
            )[0].id,
          }),
        ).toHaveLength(1);
      });

      it('stores a changed body, which carries a signature of its own', async () => {
        const body = payload();
        body.workflow_run.updated_at = '2026-12-02T11:00:00Z';
        await deliver(hud, 'workflow_run', body, 'gh-replay-changed');
        expect(
          await stored(hud, { delivery_id: 'gh-replay-changed' }),
        ).toHaveLength(1);
      });
    });
  },
);
