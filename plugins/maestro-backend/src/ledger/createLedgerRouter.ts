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
import { createRouteKit } from '../http/routeKit';
import { LedgerService } from './LedgerService';

/** HTTP surface of the audit ledger: page, verify, export. */
export function createLedgerRouter(options: {
  ledger: LedgerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): express.Router {
  const { ledger } = options;
  const { route } = createRouteKit(options);
  const router = Router();

  router.get(
    '/ledger',
    route(
      { query: ledgerQuerySchema, what: 'ledger query' },
      async ({ input, res }) => {
        res.json(await ledger.list(input));
      },
    ),
  );

  router.get(
    '/ledger/verify',
    route({}, async ({ res }) => {
      res.json(await ledger.verify());
    }),
  );

  // Newline-delimited JSON, one entry per line, oldest first, so log
  // pipelines can ingest it and anyone can recompute the chain with
  // LedgerChainVerifier from maestro-node.
  router.get(
    '/ledger/export',
    route({ permission: maestroLedgerExportPermission }, async ({ res }) => {
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
    }),
  );

  return router;
}
