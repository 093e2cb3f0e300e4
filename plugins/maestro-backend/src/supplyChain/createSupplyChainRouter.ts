import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  maestroArtifactReassignPermission,
  maestroIngestPermission,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import express from 'express';
import Router from 'express-promise-router';
import { createExemptionRoutes } from '../exemptions/createExemptionRoutes';
import { jsonBody, rawBodyReader } from '../http/requestBodies';
import { createRouteKit } from '../http/routeKit';
import { EvidenceIngestService } from './EvidenceIngestService';
import {
  artifactListQuery,
  artifactReassignmentSchema,
  artifactRegistrationSchema,
  componentQuery,
  diffQuery,
  evidenceQuery,
  exemptionSchema,
  gateQuery,
  summaryQuery,
  vulnerabilityQuery,
} from './inputSchemas';
import { SupplyChainService } from './SupplyChainService';
import { SupplyChainSummaries } from './SupplyChainSummaries';
import { VulnerabilityExemptionService } from './VulnerabilityExemptionService';

/** HTTP surface of supply-chain evidence; mounted before the plugin's JSON body parser. */
export function createSupplyChainRouter(options: {
  ingest: EvidenceIngestService;
  supplyChain: SupplyChainService;
  summaries: SupplyChainSummaries;
  exemptions: VulnerabilityExemptionService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  maxDocumentBytes: number;
}): express.Router {
  const { ingest, supplyChain, summaries, exemptions } = options;
  const { route } = createRouteKit(options);
  const router = Router();
  const readRawBody = rawBodyReader(options.maxDocumentBytes, {
    what: 'The evidence document',
    limitSetting: 'maestro.supplyChain.maxDocumentBytes',
  });
  const json = jsonBody('1mb');

  // The document is read only after the permission check, so an
  // unauthorized upload is never buffered.
  router.post(
    '/supply-chain/evidence',
    route(
      {
        query: evidenceQuery,
        what: 'evidence upload',
        permission: ({ input }) => ({
          permission: maestroIngestPermission,
          resourceRef: input.entityRef,
        }),
      },
      async ({ input, actor, req, res }) => {
        const content = await readRawBody(req, res);
        const result = await ingest.ingestEvidence({
          entityRef: input.entityRef,
          image: input.image,
          content,
          actor,
        });
        res.status(result.created ? 201 : 200).json(result);
      },
    ),
  );

  router.post(
    '/supply-chain/artifacts',
    json,
    route(
      {
        body: artifactRegistrationSchema,
        what: 'artifact registration',
        permission: ({ input }) => ({
          permission: maestroIngestPermission,
          resourceRef: input.entityRef,
        }),
      },
      async ({ input, actor, res }) => {
        const result = await ingest.registerArtifact(input, actor);
        res.status(result.created ? 201 : 200).json(result.artifact);
      },
    ),
  );

  // An administrator's correction of a digest claimed by the wrong entity:
  // people only, never CI.
  router.post(
    '/supply-chain/artifacts/:artifactId/reassign',
    json,
    route(
      {
        allow: ['user'],
        body: artifactReassignmentSchema,
        what: 'artifact reassignment',
        permission: maestroArtifactReassignPermission,
      },
      async ({ input, actor, req, res }) => {
        const result = await ingest.reassignArtifact(
          { artifactId: req.params.artifactId, ...input },
          actor,
        );
        res.json(result.artifact);
      },
    ),
  );

  router.get(
    '/supply-chain/artifacts',
    route(
      { query: artifactListQuery, what: 'artifacts query' },
      async ({ input, credentials, res }) => {
        res.json(await supplyChain.listArtifacts(input, credentials));
      },
    ),
  );

  router.get(
    '/supply-chain/artifacts/:artifactId',
    route({}, async ({ req, credentials, res }) => {
      res.json(
        await supplyChain.getArtifact(req.params.artifactId, credentials),
      );
    }),
  );

  router.get(
    '/supply-chain/artifacts/:artifactId/components',
    route(
      { query: componentQuery, what: 'components query' },
      async ({ input, req, res }) => {
        res.json(
          await supplyChain.listComponents(req.params.artifactId, input),
        );
      },
    ),
  );

  router.get(
    '/supply-chain/artifacts/:artifactId/vulnerabilities',
    route(
      { query: vulnerabilityQuery, what: 'vulnerabilities query' },
      async ({ input, req, res }) => {
        res.json({
          items: await supplyChain.listVulnerabilities(
            req.params.artifactId,
            input.channel,
          ),
        });
      },
    ),
  );

  router.get(
    '/supply-chain/artifacts/:artifactId/gate',
    route({ query: gateQuery, what: 'gate query' }, async ({ input, req, res }) => {
      res.json(await supplyChain.gate(req.params.artifactId, input.channel));
    }),
  );

  router.get(
    '/supply-chain/documents/:documentId/raw',
    route({}, async ({ req, res }) => {
      const { document, content } = await supplyChain.getDocumentContent(
        req.params.documentId,
      );
      res
        .status(200)
        .type('application/json')
        .set(
          'Content-Disposition',
          `attachment; filename="${document.id}.json"`,
        )
        .set('ETag', `"${document.sha256}"`)
        .send(content);
    }),
  );

  router.get(
    '/supply-chain/diff',
    route({ query: diffQuery, what: 'diff query' }, async ({ input, res }) => {
      res.json(await supplyChain.diff(input.from, input.to));
    }),
  );

  router.get(
    '/supply-chain/summary',
    route(
      { query: summaryQuery, what: 'summary query' },
      async ({ input, res }) => {
        res.json(await summaries.summary(input));
      },
    ),
  );

  router.use(
    createExemptionRoutes({
      base: '/supply-chain',
      service: exemptions,
      schema: exemptionSchema,
      what: 'vulnerability exemption',
      bodyParsers: [json],
      route,
    }),
  );

  return router;
}
