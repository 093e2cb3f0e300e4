import { InputError } from '@backstage/errors';
import {
  binaryRequest as binary,
  structuredRequest as structured,
  tektonFixture,
  tektonFixtureNames,
} from '../../__testUtils__/tekton';
import { readCloudEvent } from './readCloudEvent';
import { readTektonEvent } from './readTektonEvent';

const reason = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
};

describe('readCloudEvent', () => {
  it('reads the same event in binary and structured mode', () => {
    const fixture = tektonFixture('01-pipelinerun-started.json');
    const fromBinary = binary(fixture);
    const fromStructured = structured(fixture);
    const a = readCloudEvent(fromBinary.headers, fromBinary.body);
    const b = readCloudEvent(fromStructured.headers, fromStructured.body);
    expect(a).toEqual(b);
    expect(a).toMatchObject({
      specversion: '1.0',
      id: fixture.headers['ce-id'],
      source: fixture.headers['ce-source'],
      type: 'dev.tekton.event.pipelinerun.started.v1',
      subject: 'payments-api-on-pull-request-x7k2p',
      time: '2026-12-01T10:00:01.204Z',
    });
  });

  it('reads data_base64 in structured mode', () => {
    const fixture = tektonFixture('01-pipelinerun-started.json');
    const { body, headers } = structured(fixture);
    const event = JSON.parse(body.toString());
    event.data_base64 = Buffer.from(JSON.stringify(event.data)).toString(
      'base64',
    );
    delete event.data;
    expect(
      readCloudEvent(headers, Buffer.from(JSON.stringify(event))).data,
    ).toEqual(fixture.data);
  });

  it.each([
    [
      'a missing specversion',
      { 'content-type': 'application/cloudevents+json' },
      { id: '1', source: 's', type: 't', data: {} },
      /missing specversion/,
    ],
    [
      'specversion 0.3',
      { 'content-type': 'application/cloudevents+json' },
      { specversion: '0.3', id: '1', source: 's', type: 't', data: {} },
      /specversion 0\.3 is not supported/,
    ],
    [
      'a missing id',
      { 'content-type': 'application/cloudevents+json' },
      { specversion: '1.0', source: 's', type: 't', data: {} },
      /missing id/,
    ],
    [
      'a missing type header in binary mode',
      {
        'content-type': 'application/json',
        'ce-specversion': '1.0',
        'ce-id': '1',
        'ce-source': 's',
      },
      {},
      /missing ce-type header/,
    ],
    [
      'data that is not an object',
      { 'content-type': 'application/cloudevents+json' },
      { specversion: '1.0', id: '1', source: 's', type: 't', data: [1, 2] },
      /data must be a JSON object/,
    ],
    [
      'a text body in binary mode',
      {
        'content-type': 'text/plain',
        'ce-specversion': '1.0',
        'ce-id': '1',
        'ce-source': 's',
        'ce-type': 't',
      },
      'hello',
      /Unsupported content type text\/plain/,
    ],
    [
      'an unknown content type',
      { 'content-type': 'application/xml' },
      '<event/>',
      /Unknown content type application\/xml/,
    ],
    [
      'a batch',
      { 'content-type': 'application/cloudevents-batch+json' },
      [],
      /Batched CloudEvents are not supported/,
    ],
    [
      'a body that is not JSON',
      { 'content-type': 'application/cloudevents+json' },
      '{"specversion": "1.0",',
      /not valid JSON/,
    ],
  ])('refuses %s with a reason', (_, headers, body, expected) => {
    const bytes = Buffer.from(
      typeof body === 'string' ? body : JSON.stringify(body),
    );
    expect(reason(() => readCloudEvent(headers, bytes))).toMatch(expected);
  });
});

describe('readTektonEvent', () => {
  const read = (name: string) => {
    const { headers, body } = binary(tektonFixture(name));
    return readTektonEvent(readCloudEvent(headers, body));
  };

  it('reads a PipelineRun as a run, correlated by its Pipelines-as-Code labels', () => {
    const draft = read('07-pipelinerun-failed.json');
    expect(draft).toMatchObject({
      source: 'cloudevents',
      origin:
        '/apis/tekton.dev/v1/namespaces/payments-ci/PipelineRun/payments-api-on-pull-request-x7k2p',
      type: 'dev.tekton.event.pipelinerun.failed.v1',
      correlation: {
        repository: 'acme/payments-api',
        tektonPipeline: 'payments-api-on-pull-request-x7k2p',
      },
      facts: {
        occurredAt: '2026-12-01T10:08:00.117Z',
        run: {
          provider: 'tekton',
          externalId: 'payments-ci/payments-api-on-pull-request-x7k2p',
          pullRequest: 42,
          commit: '9f3c2e1b7a64d05c8e2f1a3b6d9c0e4f7a1b2c3d',
          branch: 'feature/retry-captures',
          status: 'failed',
          startedAt: '2026-12-01T10:00:01.000Z',
          finishedAt: '2026-12-01T10:08:00.000Z',
        },
      },
    });
    expect(draft.facts.stage).toBeUndefined();
  });

  it('reads a TaskRun as a stage of its PipelineRun, with the image digest it built', () => {
    const draft = read('05-taskrun-build-image-successful.json');
    expect(draft.facts.run).toMatchObject({
      externalId: 'payments-ci/payments-api-on-pull-request-x7k2p',
      imageDigest:
        'sha256:4b825dc642cb6eb9a060e54bf8d69288fbee4904c1a3e4b6b8c5a7d1e2f3a4b5',
    });
    expect(draft.facts.run!.status).toBeUndefined();
    expect(draft.facts.stage).toEqual({
      key: 'taskrun:payments-ci/payments-api-on-pull-request-x7k2p-build-image',
      name: 'build',
      jobName: 'build-image',
      status: 'succeeded',
      startedAt: '2026-12-01T10:03:14.000Z',
      finishedAt: '2026-12-01T10:06:40.000Z',
    });
  });

  it('reads every Tekton phase of the fixtures', () => {
    const statuses = tektonFixtureNames().map(name => {
      const { facts } = read(name);
      return [name, facts.stage?.status ?? facts.run?.status];
    });
    expect(statuses).toEqual([
      ['01-pipelinerun-started.json', 'running'],
      ['02-pipelinerun-running.json', 'running'],
      ['03-taskrun-unit-tests-running.json', 'running'],
      ['04-taskrun-unit-tests-successful.json', 'succeeded'],
      ['05-taskrun-build-image-successful.json', 'succeeded'],
      ['06-taskrun-trivy-scan-failed.json', 'failed'],
      ['07-pipelinerun-failed.json', 'failed'],
    ]);
  });

  it('prefers Maestro annotations, and reads a cancellation', () => {
    const fixture = tektonFixture('07-pipelinerun-failed.json');
    const run = fixture.data.pipelineRun;
    run.metadata.annotations['maestro.io/entity-ref'] =
      'component:default/payments-api';
    run.metadata.annotations['maestro.io/pull-request'] = '43';
    run.metadata.annotations['maestro.io/run-url'] =
      'https://tekton.acme.dev/run/1';
    run.status.conditions[0].reason = 'Cancelled';
    const { headers, body } = binary(fixture);
    const draft = readTektonEvent(readCloudEvent(headers, body));
    expect(draft.correlation.entityRef).toBe('component:default/payments-api');
    expect(draft.facts.run).toMatchObject({
      pullRequest: 43,
      url: 'https://tekton.acme.dev/run/1',
      status: 'cancelled',
    });
  });

  it('refuses other event types and events without their run object', () => {
    const { headers, body } = binary(
      tektonFixture('01-pipelinerun-started.json'),
    );
    const event = readCloudEvent(headers, body);
    expect(
      reason(() =>
        readTektonEvent({ ...event, type: 'com.github.pull_request.opened' }),
      ),
    ).toMatch(/Unsupported CloudEvent type com\.github\.pull_request\.opened/);
    expect(reason(() => readTektonEvent({ ...event, data: {} }))).toMatch(
      /needs data\.pipelineRun/,
    );
  });
});
