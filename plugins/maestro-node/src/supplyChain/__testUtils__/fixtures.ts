import fs from 'node:fs';
import path from 'node:path';

const FIXTURES = path.resolve(__dirname, '../__fixtures__');

/** Reads a third-party fixture (see `__fixtures__/README.md`) as parsed JSON. */
export function loadFixture(name: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));
}

/** Decodes the base64 in-toto statement inside a DSSE envelope. */
export function dssePayload(envelope: unknown): unknown {
  const { payload } = envelope as { payload: string };
  return JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
}

/** A deep copy to alter in a test without touching the cached fixture. */
export function copyOf<T>(value: T): T {
  return structuredClone(value);
}
