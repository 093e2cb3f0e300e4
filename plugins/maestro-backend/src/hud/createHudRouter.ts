import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { maestroIngestPermission } from '@maestro-conductor/backstage-plugin-maestro-common';
import express from 'express';
import Router from 'express-promise-router';
import { actorOf } from '../auth/actor';
import { parseInput } from '../auth/parseInput';
import { parseJsonBody, rawBodyReader } from '../http/requestBodies';
import { createRouteKit } from '../http/routeKit';
import {
  buildEventSchema,
  pullRequestQuery,
  readBuildEvent,
  timelineQuery,
  unroutedQuery,
} from './ingest/buildEvents';
import { readCloudEvent } from './ingest/cloudevents/readCloudEvent';
import { readTektonEvent } from './ingest/cloudevents/readTektonEvent';
import { HudService } from './HudService';
import { HudEventDraft } from './types';
import { UnroutedDeliveries } from './UnroutedDeliveries';

/**
 * HTTP surface of the Build HUD; mounted before the plugin's JSON body
 * parser. GitHub webhooks do not come through here but through the events
 * backend (see github/GithubHudSubscriber.ts).
 */
export function createHudRouter(options: {
  hud: HudService;
  unrouted: UnroutedDeliveries;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  maxEventBytes: number;
}): express.Router {
  const { hud, unrouted } = options;
  const { route, authorize } = createRouteKit(options);
  const router = Router();
  const readRawBody = rawBodyReader(options.maxEventBytes, {
    what: 'The event',
    limitSetting: 'maestro.hud.maxEventBytes',
  });

  /**
   * Correlates, authorizes on the entity, then stores and folds. An event
   * several trusted entities claim is a conflict (409) naming them; one no
   * trusted entity claims is a 400 with the reason.
   */
  async function ingest(
    draft: HudEventDraft,
    credentials: BackstageCredentials,
  ) {
    const found = await hud.correlate(draft.correlation);
    if ('reason' in found) {
      throw found.conflict?.problem === 'ambiguous'
        ? new ConflictError(found.reason)
        : new InputError(found.reason);
    }
    await authorize(credentials, {
      permission: maestroIngestPermission,
      resourceRef: found.entityRef,
    });
    const { correlation, ...event } = draft;
    return hud.ingest({
      ...event,
      entityRef: found.entityRef,
      receivedBy: actorOf(credentials),
    });
  }

  router.post(
    '/hud/events',
    route({}, async ({ req, res, credentials }) => {
      const body = parseJsonBody(await readRawBody(req, res), {
        what: 'The build event',
      });
      const event = parseInput(buildEventSchema, body, 'build event');
      const result = await ingest(readBuildEvent(event), credentials);
      res.status(result.status === 'created' ? 201 : 200).json(result);
    }),
  );

  router.post(
    '/hud/cloudevents',
    route({}, async ({ req, res, credentials }) => {
      const cloudEvent = readCloudEvent(
        req.headers,
        await readRawBody(req, res),
      );
      const result = await ingest(readTektonEvent(cloudEvent), credentials);
      res.status(result.status === 'created' ? 201 : 200).json(result);
    }),
  );

  router.get(
    '/hud/timeline',
    route(
      { query: timelineQuery, what: 'timeline query' },
      async ({ input, res }) => {
        res.json(
          await hud.getTimeline(input.entityRef, { limit: input.limit }),
        );
      },
    ),
  );

  router.get(
    '/hud/unrouted',
    route(
      { query: unroutedQuery, what: 'unrouted query' },
      async ({ input, res }) => {
        res.json({ items: await unrouted.list(input) });
      },
    ),
  );

  router.get(
    '/hud/pull-requests/:number',
    route(
      { pathAndQuery: pullRequestQuery, what: 'pull request query' },
      async ({ input, res }) => {
        res.json(await hud.getPullRequest(input.entityRef, input.number));
      },
    ),
  );

  return router;
}
