/*
 * Upstream workaround for the events backend's HTTP ingress
 * (@backstage/plugin-events-backend 0.6): its application/json body parser
 * calls JSON.parse before the topic's validator runs, so a malformed body
 * posted to /api/events/http/github answers 500 (with V8's quote of the body
 * in the message) before the GitHub module has checked X-Hub-Signature-256.
 *
 * This module replaces that parser with one that refuses malformed JSON as a
 * 400 InputError that names no part of the body. Nothing is published either
 * way; the answer just becomes a client error instead of a server error. The
 * proper fix upstream is to run the validator on the raw body before parsing
 * (the validator already receives `raw.body`); see the README's security
 * section.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { eventsExtensionPoint } from '@backstage/plugin-events-node/alpha';

export const eventsJsonBodyParserModule = createBackendModule({
  pluginId: 'events',
  moduleId: 'maestro-json-body-parser',
  register(reg) {
    reg.registerInit({
      deps: { events: eventsExtensionPoint },
      async init({ events }) {
        events.addHttpPostBodyParser({
          contentType: 'application/json',
          parser: async (request, parsedMediaType, topic) => {
            const body = request.body;
            if (!Buffer.isBuffer(body)) {
              throw new InputError(`The ${topic} event has no body`);
            }
            const encoding = parsedMediaType.parameters.charset ?? 'utf-8';
            if (!Buffer.isEncoding(encoding)) {
              throw new InputError(`Unsupported charset ${encoding}`);
            }
            try {
              return {
                bodyParsed: JSON.parse(body.toString(encoding)),
                bodyBuffer: body,
                encoding,
              };
            } catch {
              throw new InputError(`The ${topic} event is not valid JSON`);
            }
          },
        });
      },
    });
  },
});
