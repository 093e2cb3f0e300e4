import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { maestroIngestPermission } from '@maestro-conductor/backstage-plugin-maestro-common';
import express from 'express';
import Router from 'express-promise-router';
import { actorOf } from '../auth/actor';
import { parseInput } from '../auth/parseInput';
import { requirePermission } from '../auth/requirePermission';
import {
  buildEventSchema,
  pullRequestQuery,
  readBuildEvent,
  timelineQuery,
} from './buildEvents';
import { readCloudEvent } from './cloudevents/readCloudEvent';
import { readTektonEvent } from './cloudevents/readTektonEvent';
import { HudService } from './HudService';
import { HudEventDraft } from './types';

/**
 * Reads the body as raw bytes whatever its Content-Type (CloudEvents come as
 * application/cloudevents+json, which no JSON parser of the plugin accepts),
 * with the HUD's own size limit, as a 400 that names the limit.
 */
function rawBodyReader(limit: number) {
  const parse = express.raw({ type: () => true, limit });
  return (req: express.Request, res: express.Response) =>
    new Promise<Buffer>((resolve, reject) => {
      parse(req, res, (error?: unknown) => {
        const { type } = (error ?? {}) as { type?: string };
        if (type === 'entity.too.large') {
          reject(
            new InputError(
              `The event is larger than ${limit} bytes (maestro.hud.maxEventBytes); nothing was stored`,
            ),
          );
        } else if (error) {
          reject(
            new InputError(
              `Could not read the event: ${(error as Error).message}`,
            ),
          );
        } else {
          resolve(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
        }
      });
    });
}

function parseJsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new InputError(
      `The build event is not valid JSON: ${(error as Error).message}`,
    );
  }
}

/**
 * HTTP surface of the Build HUD; mounted before the plugin's JSON body
 * parser. GitHub webhooks do not come through here but through the events
 * backend (see github/GithubHudSubscriber.ts).
 */
export function createHudRouter(options: {
  hud: HudService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  maxEventBytes: number;
}): express.Router {
  const { hud, httpAuth, permissions } = options;
  const router = Router();
  const allow = { allow: ['user', 'service'] as Array<'user' | 'service'> };
  const readRawBody = rawBodyReader(options.maxEventBytes);

  /** Correlates, authorizes on the entity, then stores and folds. */
  async function ingest(
    draft: HudEventDraft,
    credentials: BackstageCredentials,
  ) {
    const found = await hud.correlate(draft.correlation);
    if ('reason' in found) throw new InputError(found.reason);
    await requirePermission({
      permissions,
      credentials,
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

  router.post('/hud/events', async (req, res) => {
    const credentials = await httpAuth.credentials(req, allow);
    const body = parseJsonBody(await readRawBody(req, res));
    const event = parseInput(buildEventSchema, body, 'build event');
    const result = await ingest(readBuildEvent(event), credentials);
    res.status(result.status === 'created' ? 201 : 200).json(result);
  });

  router.post('/hud/cloudevents', async (req, res) => {
    const credentials = await httpAuth.credentials(req, allow);
    const cloudEvent = readCloudEvent(req.headers, await readRawBody(req, res));
    const result = await ingest(readTektonEvent(cloudEvent), credentials);
    res.status(result.status === 'created' ? 201 : 200).json(result);
  });

  router.get('/hud/timeline', async (req, res) => {
    await httpAuth.credentials(req, allow);
    const query = parseInput(timelineQuery, req.query, 'timeline query');
    res.json(await hud.getTimeline(query.entityRef, { limit: query.limit }));
  });

  router.get('/hud/pull-requests/:number', async (req, res) => {
    await httpAuth.credentials(req, allow);
    const query = parseInput(
      pullRequestQuery,
      { ...req.query, number: req.params.number },
      'pull request query',
    );
    res.json(await hud.getPullRequest(query.entityRef, query.number));
  });

  return router;
}
