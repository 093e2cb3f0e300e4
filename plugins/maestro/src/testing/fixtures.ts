import {
  LedgerEntry,
  MaestroService,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { MaestroApi } from '../api';

/** A ledger entry as the backend returns it. Test use only. */
export function ledgerEntry(
  sequence: number,
  fields: Partial<LedgerEntry> = {},
): LedgerEntry {
  return {
    sequence,
    recordedAt: `2026-11-23T10:0${sequence % 10}:00.000Z`,
    actor: 'user:default/jane.doe',
    action: 'release.promote',
    target: 'component:default/payments-api',
    payload: {},
    previousHash: String(sequence - 1)
      .repeat(64)
      .slice(0, 64),
    hash: `${sequence}`.padEnd(64, 'f'),
    ...fields,
  };
}

/** A service under Maestro as `GET /services` lists it. Test use only. */
export function maestroService(
  fields: Partial<MaestroService> = {},
): MaestroService {
  return {
    entityRef: 'component:default/payments-api',
    kind: 'Component',
    namespace: 'default',
    name: 'payments-api',
    lifecycle: 'production',
    owner: 'group:default/payments-team',
    system: 'system:default/payments',
    image: 'ghcr.io/acme/payments-api',
    channels: ['dev', 'staging', 'prod'],
    ledger: { entries: 3, lastRecordedAt: '2026-11-23T10:03:00.000Z' },
    ...fields,
  };
}

/** A `MaestroApi` whose methods are jest mocks with empty answers. */
export function mockMaestroApi(
  overrides: Partial<jest.Mocked<MaestroApi>> = {},
): jest.Mocked<MaestroApi> {
  return {
    listServices: jest.fn(async () => ({ items: [] })),
    getLedger: jest.fn(async () => ({ entries: [], headSequence: 0 })),
    verifyLedger: jest.fn(async () => ({
      ok: true,
      checked: 0,
      headSequence: 0,
      headHash: '0'.repeat(64),
    })),
    getLedgerExportUrl: jest.fn(
      async () => 'http://localhost:7007/api/maestro/ledger/export',
    ),
    exportLedger: jest.fn(async () => ({
      filename: 'maestro-ledger.ndjson',
      data: new Blob(['']),
    })),
    ...overrides,
  };
}
