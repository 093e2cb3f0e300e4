import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  deliver,
  Hud,
  postBuildEvent,
  startHud,
  stored,
  STRANGER_ORIGIN,
} from './__testUtils__/hudBackend';
import { githubExamples } from './__testUtils__/webhooks';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const LEDGER_CLAIMANTS = [
  'component:default/ledger-copy',
  'component:default/ledger-worker',
];

const unrouted = (hud: Hud, query = '') =>
  request(hud.server)
    .get(`/api/maestro/hud/unrouted${query}`)
    .set('Authorization', mockCredentials.user.header());

function workflowRun(repository: string, runId: number) {
  const payload = githubExamples('workflow_run').find(
    e => e.workflow_run.conclusion === 'success',
  )!;
  payload.repository = { ...payload.repository, full_name: repository };
  payload.workflow_run.id = runId;
  return payload;
}

const buildEvent = (fields: Record<string, unknown>) => ({
  eventId: `correlation-${Math.random()}`,
  provider: 'jenkins',
  runId: 'ledger/1',
  status: 'running',
  occurredAt: '2026-12-02T10:00:00Z',
  ...fields,
});

describe.each(databases.eachSupportedId())(
  'Build HUD repository correlation on %s',
  databaseId => {
    let hud: Hud;

    beforeAll(async () => {
      hud = await startHud(databases, databaseId);
    });

    beforeEach(() => hud.signals.publish.mockClear());

    it('parks a signed delivery for a repository two trusted components claim, and shows it to both', async () => {
      const payload = workflowRun('acme/ledger-worker', 777_001);
      expect(
        (await deliver(hud, 'workflow_run', payload, 'gh-ledger-1')).status,
      ).toBe(202);
      // GitHub's redelivery (same id) and a replay under a new id add nothing.
      await deliver(hud, 'workflow_run', payload, 'gh-ledger-1');
      await deliver(hud, 'workflow_run', payload, 'gh-ledger-1-replayed');
      const second = workflowRun('acme/ledger-worker', 777_002);
      await deliver(hud, 'workflow_run', second, 'gh-ledger-2');

      expect(await stored(hud, { delivery_id: 'gh-ledger-1' })).toHaveLength(0);
      expect(await stored(hud, { delivery_id: 'gh-ledger-2' })).toHaveLength(0);
      const parked = {
        annotation: 'github.com/project-slug',
        value: 'acme/ledger-worker',
        problem: 'ambiguous',
        claimants: LEDGER_CLAIMANTS,
        reason:
          'component:default/ledger-copy and component:default/ledger-worker both claim github.com/project-slug: acme/ledger-worker; its events go to none of them until only one does',
        deliveries: 2,
        firstReceivedAt: expect.any(String),
        lastReceivedAt: expect.any(String),
      };
      const all = await unrouted(hud);
      expect(all.status).toBe(200);
      expect(all.body.items).toContainEqual(parked);
      for (const claimant of LEDGER_CLAIMANTS) {
        const mine = await unrouted(
          hud,
          `?entityRef=${encodeURIComponent(claimant)}`,
        );
        expect(mine.body).toEqual({ items: [parked] });
      }
      expect(
        (await unrouted(hud, '?entityRef=component:default/payments-api')).body,
      ).toEqual({ items: [] });

      // Open Builds tabs of both claimants refresh (once per parked delivery).
      const channels = hud.signals.publish.mock.calls.map(
        ([message]) => (message as { channel: string }).channel,
      );
      expect(channels.sort()).toEqual([
        'maestro:entity:component:default/ledger-copy',
        'maestro:entity:component:default/ledger-copy',
        'maestro:entity:component:default/ledger-worker',
        'maestro:entity:component:default/ledger-worker',
      ]);
    });

    it('refuses a BuildEvent by repository that two trusted components claim, with 409 naming both', async () => {
      const event = buildEvent({ repository: 'acme/ledger-worker' });
      const res = await postBuildEvent(hud, event);
      expect(res.status).toBe(409);
      expect(res.body.error.name).toBe('ConflictError');
      expect(res.body.error.message).toBe(
        'component:default/ledger-copy and component:default/ledger-worker both claim github.com/project-slug: acme/ledger-worker; its events go to none of them until only one does',
      );
      expect(await stored(hud, { delivery_id: event.eventId })).toHaveLength(0);
      // An explicit entity ref is unaffected (and authorized as before).
      const named = await postBuildEvent(
        hud,
        buildEvent({ entityRef: 'component:default/ledger-worker' }),
      );
      expect(named.status).toBe(201);
      expect(named.body.entityRef).toBe('component:default/ledger-worker');
    });

    it('gives a trusted entity its repository’s events although an untrusted one claims it too', async () => {
      const payload = workflowRun('acme/payments-api', 777_010);
      await deliver(hud, 'workflow_run', payload, 'gh-takeover');
      expect(await stored(hud, { delivery_id: 'gh-takeover' })).toEqual([
        expect.objectContaining({
          entity_ref: 'component:default/payments-api',
        }),
      ]);
      const api = await postBuildEvent(
        hud,
        buildEvent({ repository: 'acme/payments-api' }),
      );
      expect(api.status).toBe(201);
      expect(api.body.entityRef).toBe('component:default/payments-api');
      expect(
        (
          await unrouted(
            hud,
            '?entityRef=component:default/aaa-payments-takeover',
          )
        ).body,
      ).toEqual({ items: [] });
    });

    it('parks deliveries and refuses BuildEvents for a repository only an untrusted entity claims', async () => {
      const payload = workflowRun('stranger/forked-service', 777_020);
      await deliver(hud, 'workflow_run', payload, 'gh-forked');
      expect(await stored(hud, { delivery_id: 'gh-forked' })).toHaveLength(0);
      const reason = `github.com/project-slug: stranger/forked-service is claimed only by component:default/forked-service, from a catalog location Maestro does not trust (${STRANGER_ORIGIN}); list it in catalog.locations or maestro.hud.trustedLocations`;
      expect(
        (await unrouted(hud, '?entityRef=component:default/forked-service'))
          .body.items,
      ).toEqual([
        expect.objectContaining({
          value: 'stranger/forked-service',
          problem: 'untrusted',
          claimants: ['component:default/forked-service'],
          reason,
          deliveries: 1,
        }),
      ]);
      const res = await postBuildEvent(
        hud,
        buildEvent({ repository: 'stranger/forked-service' }),
      );
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        name: 'InputError',
        message: reason,
      });
    });

    it('checks the unrouted query and needs credentials', async () => {
      const bad = await unrouted(hud, '?entityRef=nope:');
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(
        /^Invalid unrouted query: entityRef: /,
      );
      const anonymous = await request(hud.server)
        .get('/api/maestro/hud/unrouted')
        .set('Authorization', mockCredentials.none.header());
      expect(anonymous.status).toBe(401);
    });
  },
);
