import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ledgerQuerySchema,
  maestroLedgerExportPermission,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import express from 'express';
import Router from 'express-promise-router';
import { parseInput } from '../auth/parseInput';
import { requirePermission } from '../auth/requirePermission';
import { LedgerService } from './LedgerService';

/** HTTP surface of the audit ledger: page, verify, export. */
export function createLedgerRouter(options: {
  ledger: LedgerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): express.Router {
  const { ledger, httpAuth, permissions } = options;
  const router = Router();

  router.get('/ledger', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const query = parseInput(ledgerQuerySchema, req.query, 'ledger query');
    res.json(await ledger.list(query));
  });

  router.get('/ledger/verify', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await ledger.verify());
  });

  // Newline-delimited JSON, one entry per line, oldest first, so log
  // pipelines can ingest it and anyone can recompute the chain with
  // LedgerChainVerifier from maestro-node.
  router.get('/ledger/export', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requirePermission({
      permissions,
      credentials,
      permission: maestroLedgerExportPermission,
    });
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="maestro-ledger-${new Date()
        .toISOString()
        .slice(0, 10)}.ndjson"`,
    );
    for await (const entry of ledger.export()) {
      if (!res.write(`${JSON.stringify(entry)}\n`)) {
        await new Promise(resolve => res.once('drain', resolve));
      }
    }
    res.end();
  });

  return router;
}
