import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import eventsPlugin from '@backstage/plugin-events-backend';
import { dirname, join } from 'node:path';
import request from 'supertest';
import { eventsJsonBodyParserModule } from './jsonBodyParserModule';

jest.setTimeout(60_000);

/**
 * The GitHub module's signature-checking ingress. Its default export loads it
 * with a dynamic import(), which Jest's CommonJS runtime cannot run, so the
 * file is required directly.
 */
const githubWebhookModule = require(join(
  dirname(require.resolve('@backstage/plugin-events-backend-module-github')),
  'service/eventsModuleGithubWebhook.cjs.js',
)).default;

const MARKER = 'BODY-MARKER-91c2';
const malformed = `{"action": ${MARKER}`;

async function startEvents(withWorkaround: boolean) {
  const { server } = await startTestBackend({
    features: [
      eventsPlugin,
      githubWebhookModule,
      ...(withWorkaround ? [eventsJsonBodyParserModule] : []),
      mockServices.rootConfig.factory({
        data: { events: { modules: { github: { webhookSecret: 's3cret' } } } },
      }),
    ],
  });
  return server;
}

function postMalformed(server: any) {
  return request(server)
    .post('/api/events/http/github')
    .set('Content-Type', 'application/json')
    .set('X-GitHub-Event', 'pull_request')
    .set('X-Hub-Signature-256', `sha256=${'0'.repeat(64)}`)
    .send(malformed);
}

describe('the events backend GitHub ingress and malformed JSON', () => {
  it('upstream answers 500 before checking the signature (documents the defect)', async () => {
    const res = await postMalformed(await startEvents(false));
    expect(res.status).toBe(500);
    expect(res.body.error.name).toBe('SyntaxError');
  });

  it('with the workaround, answers 400 without quoting the body', async () => {
    const res = await postMalformed(await startEvents(true));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      name: 'InputError',
      message: 'The github event is not valid JSON',
    });
    expect(res.text).not.toContain(MARKER);
  });

  it('with the workaround, still refuses a well-formed forged delivery with 403', async () => {
    const server = await startEvents(true);
    const res = await request(server)
      .post('/api/events/http/github')
      .set('Content-Type', 'application/json')
      .set('X-GitHub-Event', 'pull_request')
      .set('X-Hub-Signature-256', `sha256=${'0'.repeat(64)}`)
      .send(JSON.stringify({ action: 'opened' }));
    expect(res.status).toBe(403);
  });
});
