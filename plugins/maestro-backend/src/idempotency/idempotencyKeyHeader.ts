import { InputError } from '@backstage/errors';
import express from 'express';
import { IdempotencyKey } from './IdempotencyService';

/** Visible ASCII except the quote and backslash of a structured-field string. */
const KEY = /^[\x21\x23-\x5b\x5d-\x7e]{1,255}$/;

/**
 * The request's `Idempotency-Key`, scoped to `caller`, or undefined when the
 * header is absent. The draft standard sends it as a structured-field string
 * (`"8e03978e-…"`); the bare form most clients send is accepted too.
 */
export function idempotencyKeyOf(
  req: express.Request,
  caller: string,
): IdempotencyKey | undefined {
  const header = req.headers['idempotency-key'];
  if (header === undefined) {
    return undefined;
  }
  const value = Array.isArray(header) ? header.join(', ') : header;
  const quoted = /^"(.*)"$/.exec(value);
  const key = quoted ? quoted[1] : value;
  if (!KEY.test(key)) {
    throw new InputError(
      'Idempotency-Key must be one value of 1 to 255 visible ASCII characters (no spaces, quotes or backslashes), such as a UUID',
    );
  }
  return { caller, key };
}

/** Says, as Stripe and others do, that the answer is a stored one. */
export function markReplay(res: express.Response, replayed: boolean): void {
  if (replayed) {
    res.set('Idempotent-Replayed', 'true');
  }
}
