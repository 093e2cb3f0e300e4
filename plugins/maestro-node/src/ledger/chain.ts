import { createHash } from 'node:crypto';
import {
  LEDGER_GENESIS_HASH,
  LedgerBreakReason,
  LedgerEntry,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { canonicalJson } from './canonicalJson';

/**
 * Design of the ledger chain
 *
 * Entry n stores `previousHash` (the hash of entry n-1, or 64 zeros for the
 * first entry) and
 *
 *   hash = sha256_hex(previousHash + "\n" + canonicalJson({
 *            sequence, recordedAt, actor, action, target, payload }))
 *
 * Sequences start at 1 and have no gaps. Changing any field of any entry, or
 * removing or reordering entries, breaks the link at (or right after) the
 * change; removing entries at the end is caught by comparing with the stored
 * head. Anyone holding an export can recompute the chain with this module.
 */

/** The fields of an entry that its hash covers. @public */
export type LedgerEntryContent = Omit<LedgerEntry, 'previousHash' | 'hash'>;

/** Computes the hash of an entry from its content and its predecessor's hash. @public */
export function computeLedgerHash(
  previousHash: string,
  content: LedgerEntryContent,
): string {
  const body = canonicalJson({
    sequence: content.sequence,
    recordedAt: content.recordedAt,
    actor: content.actor,
    action: content.action,
    target: content.target,
    payload: content.payload,
  });
  return createHash('sha256')
    .update(previousHash)
    .update('\n')
    .update(body)
    .digest('hex');
}

/** A link of the chain that does not hold. @public */
export type LedgerBreak = {
  sequence: number;
  reason: LedgerBreakReason;
  detail: string;
};

/**
 * Checks entries one at a time, in sequence order, so a ledger of any size can
 * be verified page by page without holding it in memory.
  *
  * @public
 */
export class LedgerChainVerifier {
  #expectedSequence = 1;
  #previousHash = LEDGER_GENESIS_HASH;
  #checked = 0;

  /** Feeds the next entry; returns the break it finds, if any. */
  push(entry: LedgerEntry): LedgerBreak | undefined {
    if (entry.sequence !== this.#expectedSequence) {
      return {
        sequence: this.#expectedSequence,
        reason: 'sequence-gap',
        detail: `expected entry ${this.#expectedSequence}, found ${
          entry.sequence
        }`,
      };
    }
    if (entry.previousHash !== this.#previousHash) {
      return {
        sequence: entry.sequence,
        reason: 'previous-hash-mismatch',
        detail: `entry ${entry.sequence} points at ${
          entry.previousHash
        }, but entry ${entry.sequence - 1} hashes to ${this.#previousHash}`,
      };
    }
    const recomputed = computeLedgerHash(entry.previousHash, entry);
    if (recomputed !== entry.hash) {
      return {
        sequence: entry.sequence,
        reason: 'hash-mismatch',
        detail: `entry ${entry.sequence} stores hash ${entry.hash}, its content hashes to ${recomputed}`,
      };
    }
    this.#checked += 1;
    this.#expectedSequence += 1;
    this.#previousHash = entry.hash;
    return undefined;
  }

  /** Compares the end of the chain with the separately stored head. */
  finish(head: { sequence: number; hash: string }): LedgerBreak | undefined {
    const lastSequence = this.#expectedSequence - 1;
    if (head.sequence !== lastSequence || head.hash !== this.#previousHash) {
      return {
        // The first entry the head and the chain disagree about.
        sequence:
          head.sequence === lastSequence
            ? lastSequence
            : Math.min(head.sequence, lastSequence) + 1,
        reason: 'head-mismatch',
        detail: `the ledger head records entry ${head.sequence} (${
          head.hash
        }), the chain ends at entry ${lastSequence} (${this.#previousHash})`,
      };
    }
    return undefined;
  }

  get checked(): number {
    return this.#checked;
  }

  get lastHash(): string {
    return this.#previousHash;
  }
}
