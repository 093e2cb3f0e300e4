import { z } from 'zod';

/**
 * One entry of Maestro's append-only, hash-chained audit ledger.
 *
 * `hash` is the SHA-256 (hex) of `previousHash`, a newline, and the canonical
 * JSON (RFC 8785) of the other fields; see `@maestro-conductor/backstage-plugin-maestro-node`
 * for the exact construction, which anyone can recompute from an export.
 *
 * @public
 */
export type LedgerEntry = {
  sequence: number;
  /** ISO 8601 with milliseconds, UTC. */
  recordedAt: string;
  /** Entity ref of the user, or `service:<subject>` for service principals. */
  actor: string;
  /** Dotted verb, e.g. `release.promote`, `exemption.create`. */
  action: string;
  /** What the action was done to: usually an entity ref, sometimes `maestro:<thing>`. */
  target: string;
  payload: LedgerPayload;
  previousHash: string;
  hash: string;
};

/** JSON value recorded with a ledger entry. @public */
export type LedgerPayload = { [key: string]: unknown };

/** A page of ledger entries, in the order the query asked for. @public */
export type LedgerPage = {
  entries: LedgerEntry[];
  /** Pass as `after` to read the next page; absent on the last page. */
  nextAfter?: number;
  /** Sequence of the newest entry in the whole ledger (0 when empty). */
  headSequence: number;
};

/** Result of recomputing the chain. @public */
export type LedgerVerification = {
  ok: boolean;
  /** Number of entries whose hash was recomputed. */
  checked: number;
  headSequence: number;
  headHash: string;
  /** The first link that does not hold, when `ok` is false. */
  firstBroken?: {
    sequence: number;
    reason: LedgerBreakReason;
    detail: string;
  };
};

/** @public */
export type LedgerBreakReason =
  | 'hash-mismatch'
  | 'previous-hash-mismatch'
  | 'sequence-gap'
  | 'head-mismatch';

/** The hash that precedes the first entry. @public */
export const LEDGER_GENESIS_HASH = '0'.repeat(64);

/** Query of `GET /ledger`. @public */
export const ledgerQuerySchema = z.object({
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  target: z.string().min(1).max(512).optional(),
  order: z.enum(['asc', 'desc']).default('asc'),
});

/** @public */
export type LedgerQuery = z.input<typeof ledgerQuerySchema>;
