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
import { actorOf } from '../auth/actor';
import { jsonBody, rawBodyReader } from '../http/requestBodies';
import { parseInput } from '../auth/parseInput';
import { requirePermission } from '../auth/requirePermission';
import { createExemptionRoutes } from '../exemptions/createExemptionRoutes';
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
  const { httpAuth, permissions } = options;
  const router = Router();
  const allow = { allow: ['user', 'service'] as Array<'user' | 'service'> };
  const readRawBody = rawBodyReader(options.maxDocumentBytes, {
    what: 'The evidence document',
    limitSetting: 'maestro.supplyChain.maxDocumentBytes',
  });
  const json = jsonBody('1mb');

  router.post('/supply-chain/evidence', async (req, res) => {
    const credentials = await httpAuth.credentials(req, allow);
    const query = parseInput(evidenceQuery, req.query, 'evidence upload');
    await requirePermission({
      permissions,
      credentials,
      permission: maestroIngestPermission,
      resourceRef: query.entityRef,
    });
    const content = await readRawBody(req, res);
    const result = await ingest.ingestEvidence({
      entityRef: query.entityRef,
      image: query.image,
      content,
      actor: actorOf(credentials),
    });
    res.status(result.created ? 201 : 200).json(result);
  });

  router.post('/supply-chain/artifacts', json, async (req, res) => {
    const credentials = await httpAuth.credentials(req, allow);
    const body = parseInput(
      artifactRegistrationSchema,
      req.body,
      'artifact registration',
    );
    await requirePermission({
      permissions,
      credentials,
      permission: maestroIngestPermission,
      resourceRef: body.entityRef,
    });
    const result = await ingest.registerArtifact(body, actorOf(credentials));
    res.status(result.created ? 201 : 200).json(result.artifact);
  });

  // An administrator's correction of a digest claimed by the wrong entity:
  // people only, never CI.
  router.post(
    '/supply-chain/artifacts/:artifactId/reassign',
    json,
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const body = parseInput(
        artifactReassignmentSchema,
        req.body,
        'artifact reassignment',
      );
      await requirePermission({
        permissions,
        credentials,
        permission: maestroArtifactReassignPermission,
      });
      const result = await ingest.reassignArtifact(
        { artifactId: req.params.artifactId, ...body },
        actorOf(credentials),
      );
      res.json(result.artifact);
    },
  );

  router.get('/supply-chain/artifacts', async (req, res) => {
    const credentials = await httpAuth.credentials(req, allow);
    const query = parseInput(artifactListQuery, req.query, 'artifacts query');
    res.json(await supplyChain.listArtifacts(query, credentials));
  });

  router.get('/supply-chain/artifacts/:artifactId', async (req, res) => {
    const credentials = await httpAuth.credentials(req, allow);
    res.json(await supplyChain.getArtifact(req.params.artifactId, credentials));
  });

  router.get(
    '/supply-chain/artifacts/:artifactId/components',
    async (req, res) => {
      await httpAuth.credentials(req, allow);
      const query = parseInput(componentQuery, req.query, 'components query');
      res.json(await supplyChain.listComponents(req.params.artifactId, query));
    },
  );

  router.get(
    '/supply-chain/artifacts/:artifactId/vulnerabilities',
    async (req, res) => {
      await httpAuth.credentials(req, allow);
      const query = parseInput(
        vulnerabilityQuery,
        req.query,
        'vulnerabilities query',
      );
      res.json({
        items: await supplyChain.listVulnerabilities(
          req.params.artifactId,
          query.channel,
        ),
      });
    },
  );

  router.get('/supply-chain/artifacts/:artifactId/gate', async (req, res) => {
    await httpAuth.credentials(req, allow);
    const query = parseInput(gateQuery, req.query, 'gate query');
    res.json(await supplyChain.gate(req.params.artifactId, query.channel));
  });

  router.get('/supply-chain/documents/:documentId/raw', async (req, res) => {
    await httpAuth.credentials(req, allow);
    const { document, content } = await supplyChain.getDocumentContent(
      req.params.documentId,
    );
    res
      .status(200)
      .type('application/json')
      .set('Content-Disposition', `attachment; filename="${document.id}.json"`)
      .set('ETag', `"${document.sha256}"`)
      .send(content);
  });

  router.get('/supply-chain/diff', async (req, res) => {
    await httpAuth.credentials(req, allow);
    const query = parseInput(diffQuery, req.query, 'diff query');
    res.json(await supplyChain.diff(query.from, query.to));
  });

  router.get('/supply-chain/summary', async (req, res) => {
    await httpAuth.credentials(req, allow);
    const query = parseInput(summaryQuery, req.query, 'summary query');
    res.json(await summaries.summary(query));
  });

  router.use(
    createExemptionRoutes({
      base: '/supply-chain',
      service: exemptions,
      schema: exemptionSchema,
      what: 'vulnerability exemption',
      bodyParsers: [json],
      httpAuth,
      permissions,
    }),
  );

  return router;
}
