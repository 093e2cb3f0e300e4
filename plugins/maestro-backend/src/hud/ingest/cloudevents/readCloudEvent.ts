/*
 * CloudEvents 1.0 over HTTP (the HTTP protocol binding), in both content
 * modes:
 *
 * - structured: `Content-Type: application/cloudevents+json`, the body is
 *   the event: { specversion, id, source, type, …, data | data_base64 }.
 * - binary: attributes in `ce-*` headers (`ce-specversion`, `ce-id`,
 *   `ce-source`, `ce-type`, optional `ce-time`, `ce-subject`), the body is
 *   the data with its own Content-Type, which must be JSON here.
 *
 * Batched mode (`application/cloudevents-batch+json`) is refused: one event
 * per request keeps "stored once per (source, id)" per request.
 */
import { jsonSyntaxReason } from '@maestro-conductor/backstage-plugin-maestro-node';
import { InputError } from '@backstage/errors';
import { IncomingHttpHeaders } from 'node:http';

export type CloudEvent = {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject?: string;
  time?: string;
  datacontenttype?: string;
  data: Record<string, unknown>;
};

const STRUCTURED = 'application/cloudevents+json';
const BATCH = 'application/cloudevents-batch+json';

function mediaType(headers: IncomingHttpHeaders): string | undefined {
  const value = headers['content-type'];
  return value?.split(';')[0].trim().toLocaleLowerCase('en-US') || undefined;
}

const isJsonType = (type: string) =>
  type === 'application/json' || /^[a-z]+\/[^;]+\+json$/.test(type);

function parseJson(bytes: Buffer | string, what: string): unknown {
  try {
    return JSON.parse(bytes.toString());
  } catch (error) {
    throw new InputError(
      `${what} is not valid JSON: ${jsonSyntaxReason(error)}`,
    );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checked(
  attributes: Record<string, unknown>,
  data: unknown,
  mode: string,
): CloudEvent {
  const name = (attribute: string) =>
    mode === 'binary' ? `ce-${attribute} header` : attribute;
  if (attributes.specversion === undefined) {
    throw new InputError(`Invalid CloudEvent: missing ${name('specversion')}`);
  }
  if (attributes.specversion !== '1.0') {
    throw new InputError(
      `Invalid CloudEvent: specversion ${String(
        attributes.specversion,
      )} is not supported; send CloudEvents 1.0`,
    );
  }
  for (const required of ['id', 'source', 'type']) {
    const value = attributes[required];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new InputError(`Invalid CloudEvent: missing ${name(required)}`);
    }
  }
  if (!isObject(data)) {
    throw new InputError(
      'Invalid CloudEvent: data must be a JSON object (for Tekton, { "pipelineRun": … } or { "taskRun": … })',
    );
  }
  const optional = (key: string) =>
    typeof attributes[key] === 'string'
      ? (attributes[key] as string)
      : undefined;
  return {
    specversion: '1.0',
    id: attributes.id as string,
    source: attributes.source as string,
    type: attributes.type as string,
    subject: optional('subject'),
    time: optional('time'),
    datacontenttype: optional('datacontenttype'),
    data,
  };
}

/** Reads a CloudEvent from an HTTP request; InputError (400) says what is wrong. */
export function readCloudEvent(
  headers: IncomingHttpHeaders,
  body: Buffer,
): CloudEvent {
  const type = mediaType(headers);
  if (type === BATCH) {
    throw new InputError(
      'Batched CloudEvents are not supported; send one event per request',
    );
  }
  if (type === STRUCTURED) {
    const event = parseJson(body, 'The CloudEvent');
    if (!isObject(event)) {
      throw new InputError(
        'Invalid CloudEvent: the body must be a JSON object',
      );
    }
    let data = event.data;
    if (data === undefined && typeof event.data_base64 === 'string') {
      data = parseJson(
        Buffer.from(event.data_base64, 'base64'),
        'The CloudEvent data_base64',
      );
    }
    return checked(event, data, 'structured');
  }
  const binary =
    Object.keys(headers).some(key => key.startsWith('ce-')) ||
    (type !== undefined && isJsonType(type));
  if (binary) {
    if (!type || !isJsonType(type)) {
      throw new InputError(
        `Unsupported content type ${
          type ?? '(none)'
        } for a binary-mode CloudEvent: its data must be application/json`,
      );
    }
    const attributes: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(headers)) {
      if (key.startsWith('ce-')) {
        attributes[key.slice(3)] = Array.isArray(value) ? value[0] : value;
      }
    }
    attributes.datacontenttype = type;
    return checked(
      attributes,
      parseJson(body, 'The CloudEvent data'),
      'binary',
    );
  }
  throw new InputError(
    `Unknown content type ${
      type ?? '(none)'
    }: send a CloudEvent as application/cloudevents+json (structured mode) or with ce-* headers (binary mode)`,
  );
}
