import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse, JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import {
  buildRun,
  entityTimeline,
  hudAlert,
  hudUnrouted,
  hudMetrics,
  hudMetricsPoint,
  pullRequestTimeline,
} from '../testing/fixtures';
import { MaestroClient } from './MaestroClient';

const baseUrl = 'http://localhost:7007/api/maestro';
const hud = `${baseUrl}/hud`;
const entityRef = 'component:default/payments-api';

const server = setupServer();

/** Answers `body` at `path` and remembers the URL of the last request. */
function answerGet(path: string, body: JsonBodyType) {
  const seen: { url?: URL } = {};
  server.use(
    http.get(path, ({ request }) => {
      seen.url = new URL(request.url);
      return HttpResponse.json(body);
    }),
  );
  return seen;
}

describe('MaestroClient Build HUD', () => {
  registerMswTestHooks(server);

  const discoveryApi = { getBaseUrl: jest.fn(async () => baseUrl) };
  const fetchApi = { fetch: jest.fn((input, init) => fetch(input, init)) };
  const client = new MaestroClient({ discoveryApi, fetchApi });

  beforeEach(() => jest.clearAllMocks());

  it("reads an entity's timeline with the number of recent runs", async () => {
    const body = entityTimeline({
      pullRequests: [{ ...pullRequestTimeline(), latestRun: buildRun() }],
      runs: [buildRun()],
    });
    const seen = answerGet(`${hud}/timeline`, body);

    await expect(
      client.getHudTimeline({ entityRef, limit: 25 }),
    ).resolves.toEqual(body);
    expect(seen.url!.pathname).toBe('/api/maestro/hud/timeline');
    expect(Object.fromEntries(seen.url!.searchParams)).toEqual({
      entityRef,
      limit: '25',
    });
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('maestro');
  });

  it('leaves the limit to the backend when none is given', async () => {
    const seen = answerGet(`${hud}/timeline`, entityTimeline());

    await client.getHudTimeline({ entityRef });

    expect(Object.fromEntries(seen.url!.searchParams)).toEqual({ entityRef });
  });

  it('reads one pull request by number, the entity as a parameter', async () => {
    const body = pullRequestTimeline({ number: 57 });
    const seen = answerGet(`${hud}/pull-requests/57`, body);

    await expect(
      client.getPullRequestTimeline({ entityRef, number: 57 }),
    ).resolves.toEqual(body);
    expect(seen.url!.pathname).toBe('/api/maestro/hud/pull-requests/57');
    expect(Object.fromEntries(seen.url!.searchParams)).toEqual({ entityRef });
  });

  it("reads an entity's metrics over the chosen window", async () => {
    const body = hudMetrics({
      entityRef,
      days: 30,
      runs: 10,
      failed: 1,
      daily: [hudMetricsPoint()],
    });
    const seen = answerGet(`${hud}/metrics`, body);

    await expect(
      client.getHudMetrics({ entityRef, days: 30 }),
    ).resolves.toEqual(body);
    expect(Object.fromEntries(seen.url!.searchParams)).toEqual({
      entityRef,
      days: '30',
    });
  });

  it('reads org-wide metrics without an entity', async () => {
    const seen = answerGet(`${hud}/metrics`, hudMetrics({ days: 90 }));

    await client.getHudMetrics({ days: 90 });

    expect(Object.fromEntries(seen.url!.searchParams)).toEqual({ days: '90' });
  });

  it("lists an entity's alerts, or everyone's without an entity", async () => {
    const body = { items: [hudAlert()] };
    const seen = answerGet(`${hud}/alerts`, body);

    await expect(client.listHudAlerts({ entityRef })).resolves.toEqual(body);
    expect(Object.fromEntries(seen.url!.searchParams)).toEqual({ entityRef });

    await client.listHudAlerts();
    expect(seen.url!.search).toBe('');
  });

  it('lists parked deliveries of one claimant, or all without an entity', async () => {
    const body = { items: [hudUnrouted()] };
    const seen = answerGet(`${hud}/unrouted`, body);

    await expect(client.listHudUnrouted({ entityRef })).resolves.toEqual(body);
    expect(Object.fromEntries(seen.url!.searchParams)).toEqual({ entityRef });

    await client.listHudUnrouted();
    expect(seen.url!.search).toBe('');
  });

  it('rejects with a ResponseError when the backend refuses', async () => {
    server.use(
      http.get(`${hud}/pull-requests/404`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: 'No pull request 404' },
            request: { method: 'GET', url: '/' },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );

    const error = await client
      .getPullRequestTimeline({ entityRef, number: 404 })
      .catch(e => e);

    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.body.error.message).toBe('No pull request 404');
  });
});
