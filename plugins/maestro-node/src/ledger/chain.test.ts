import { createHash } from 'node:crypto';
import {
  LEDGER_GENESIS_HASH,
  LedgerEntry,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { computeLedgerHash, LedgerChainVerifier } from './chain';

function buildChain(count: number): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  let previousHash = LEDGER_GENESIS_HASH;
  for (let sequence = 1; sequence <= count; sequence++) {
    const content = {
      sequence,
      recordedAt: new Date(
        Date.UTC(2026, 10, 23, 12, 0, sequence),
      ).toISOString(),
      actor: 'user:default/ada',
      action: 'release.promote',
      target: 'component:default/payments-api',
      payload: {
        channel: 'prod',
        digest: `sha256:${String(sequence).repeat(64).slice(0, 64)}`,
      },
    };
    const hash = computeLedgerHash(previousHash, content);
    entries.push({ ...content, previousHash, hash });
    previousHash = hash;
  }
  return entries;
}

function verify(entries: LedgerEntry[], head = entries[entries.length - 1]) {
  const verifier = new LedgerChainVerifier();
  for (const entry of entries) {
    const broken = verifier.push(entry);
    if (broken) {
      return broken;
    }
  }
  return verifier.finish({
    sequence: head?.sequence ?? 0,
    hash: head?.hash ?? LEDGER_GENESIS_HASH,
  });
}

describe('ledger chain', () => {
  it('hashes the predecessor hash, a newline and the canonical content', () => {
    const content = {
      sequence: 1,
      recordedAt: '2026-11-23T12:00:00.000Z',
      actor: 'user:default/ada',
      action: 'ledger.test',
      target: 'maestro:ledger',
      payload: { b: 2, a: 1 },
    };
    const expected = createHash('sha256')
      .update(
        `${LEDGER_GENESIS_HASH}\n{"action":"ledger.test","actor":"user:default/ada","payload":{"a":1,"b":2},"recordedAt":"2026-11-23T12:00:00.000Z","sequence":1,"target":"maestro:ledger"}`,
      )
      .digest('hex');
    expect(computeLedgerHash(LEDGER_GENESIS_HASH, content)).toBe(expected);
  });

  it('accepts an intact chain and an empty one', () => {
    expect(verify(buildChain(25))).toBeUndefined();
    expect(verify([])).toBeUndefined();
  });

  it('names the entry whose payload was changed', () => {
    const entries = buildChain(10);
    entries[6] = { ...entries[6], payload: { channel: 'dev' } };
    expect(verify(entries)).toMatchObject({
      sequence: 7,
      reason: 'hash-mismatch',
    });
  });

  it('names the entry after one whose hash was rewritten to match its new content', () => {
    const entries = buildChain(10);
    const forged = { ...entries[3], actor: 'user:default/mallory' };
    entries[3] = {
      ...forged,
      hash: computeLedgerHash(forged.previousHash, forged),
    };
    expect(verify(entries)).toMatchObject({
      sequence: 5,
      reason: 'previous-hash-mismatch',
    });
  });

  it('finds a removed entry in the middle and entries cut from the end', () => {
    const entries = buildChain(10);
    expect(verify([...entries.slice(0, 4), ...entries.slice(5)])).toMatchObject(
      {
        sequence: 5,
        reason: 'sequence-gap',
      },
    );
    expect(verify(entries.slice(0, 8), entries[9])).toMatchObject({
      sequence: 9,
      reason: 'head-mismatch',
    });
  });
});
