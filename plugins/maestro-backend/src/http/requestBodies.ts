/*
 * Request bodies, read one way for every Maestro route.
 *
 * Why not express.json() on its own: body-parser's errors carry the request
 * body (`error.body`), and Backstage's error handler serializes every
 * enumerable property of an error into the response, so a malformed 10 MB
 * upload came back echoed in the 400. Every body error here becomes an
 * InputError that says what was wrong (size, encoding, syntax) and never
 * repeats what was sent.
 */
import { InputError } from '@backstage/errors';
import { jsonSyntaxReason } from '@maestro-conductor/backstage-plugin-maestro-node';
import express from 'express';

/** What a body is called in error messages, and the setting its limit comes from. */
export type BodyDescription = {
  /** e.g. "The evidence document". */
  what: string;
  /** e.g. "maestro.supplyChain.maxDocumentBytes"; named in the size error. */
  limitSetting?: string;
};

function bodyError(
  error: unknown,
  limit: number | string,
  body: BodyDescription,
): InputError {
  const { type } = (error ?? {}) as { type?: string };
  const setting = body.limitSetting ? ` (${body.limitSetting})` : '';
  switch (type) {
    case 'entity.too.large':
      return new InputError(
        `${body.what} is larger than ${
          typeof limit === 'number' ? `${limit} bytes` : limit
        }${setting}; nothing was stored`,
      );
    case 'entity.parse.failed':
      return new InputError(`${body.what} is not valid JSON`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new InputError(
        `${body.what} has an unsupported encoding or charset`,
      );
    case 'request.aborted':
      return new InputError(
        `${body.what} was cut off: the request was aborted`,
      );
    case 'request.size.invalid':
      return new InputError(
        `${body.what} does not match its Content-Length header`,
      );
    default:
      return new InputError(`${body.what} could not be read`);
  }
}

/**
 * Reads the body as raw bytes whatever its Content-Type, so a document is
 * hashed and stored exactly as sent. Called inside a handler, after
 * authorization, so an unauthorized upload is never buffered.
 */
export function rawBodyReader(limit: number, body: BodyDescription) {
  const parse = express.raw({ type: () => true, limit });
  return (req: express.Request, res: express.Response) =>
    new Promise<Buffer>((resolve, reject) => {
      parse(req, res, (error?: unknown) => {
        if (error) {
          reject(bodyError(error, limit, body));
        } else {
          resolve(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
        }
      });
    });
}

/** JSON.parse of a raw body, as a 400 that does not quote the body. */
export function parseJsonBody(raw: Buffer, body: BodyDescription): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new InputError(
      `${body.what} is not valid JSON: ${jsonSyntaxReason(error)}`,
    );
  }
}

/**
 * express.json() for a router or route, with body-parser's errors turned into
 * InputErrors that do not carry the body.
 */
export function jsonBody(
  limit: number | string,
  body: BodyDescription = { what: 'The request body' },
): express.RequestHandler {
  const parse = express.json({ limit });
  return (req, res, next) => {
    parse(req, res, (error?: unknown) => {
      next(error ? bodyError(error, limit, body) : undefined);
    });
  };
}
