import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '../__fixtures__/tekton');

/** A Tekton CloudEvent as Tekton sends it: binary mode, ce-* headers, JSON data. */
export type TektonFixture = {
  headers: Record<string, string>;
  data: Record<string, any>;
};

export function tektonFixture(name: string): TektonFixture {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
}

export function tektonFixtureNames(): string[] {
  return readdirSync(FIXTURES)
    .filter(f => f.endsWith('.json'))
    .sort();
}

/** The HTTP request of the event in binary mode, as Tekton sends it. */
export function binaryRequest(fixture: TektonFixture) {
  return {
    headers: fixture.headers,
    body: Buffer.from(JSON.stringify(fixture.data)),
  };
}

/** The HTTP request of the same event in structured mode. */
export function structuredRequest(fixture: TektonFixture) {
  const event: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fixture.headers)) {
    if (key.startsWith('ce-')) event[key.slice(3)] = value;
  }
  event.datacontenttype = 'application/json';
  event.data = fixture.data;
  return {
    headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' },
    body: Buffer.from(JSON.stringify(event)),
  };
}
