import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  createSignatureVerifier,
  readSignatureConfig,
} from '@maestro-conductor/backstage-plugin-maestro-node';
import { Knex } from 'knex';
import { RecordedMutations } from '../ledger/recordedMutation';
import { DatabaseEvidenceContentStore } from './DatabaseEvidenceContentStore';
import { DatabaseSupplyChainStore } from './DatabaseSupplyChainStore';
import { DatabaseVulnerabilityExemptionStore } from './DatabaseVulnerabilityExemptionStore';
import { CatalogChannelDirectory } from '../releases/EntityChannels';
import { EvidenceIngestService } from './EvidenceIngestService';
import { CatalogImageOwnership, readImageOwners } from './ImageOwnership';
import { PolicyResults, SupplyChainService } from './SupplyChainService';
import { SupplyChainSummaries } from './SupplyChainSummaries';
import { readSupplyChainConfig } from './supplyChainConfig';
import { VulnerabilityExemptionService } from './VulnerabilityExemptionService';

/** The supply-chain capability's services, built once in the plugin's init. */
export type SupplyChain = {
  ingest: EvidenceIngestService;
  supplyChain: SupplyChainService;
  summaries: SupplyChainSummaries;
  exemptions: VulnerabilityExemptionService;
  maxDocumentBytes: number;
};

/**
 * Reads `maestro.supplyChain` (signatures through maestro-node's
 * readSignatureConfig, so a bad trusted root fails startup) and builds the
 * stores and services.
 */
export async function createSupplyChain(options: {
  config: Config;
  db: Knex;
  mutations: RecordedMutations;
  policy: PolicyResults;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
}): Promise<SupplyChain> {
  const { config, db, mutations, policy, catalog, auth, logger } = options;
  const signatureConfig = await readSignatureConfig(config);
  const settings = readSupplyChainConfig(
    config,
    signatureConfig?.allowedBuilders,
  );
  const ownership = new CatalogImageOwnership({
    catalog,
    auth,
    grants: readImageOwners(config),
  });
  if (!signatureConfig) {
    logger.warn(
      'maestro.supplyChain.signatures is not configured: sigstore bundles are stored as not verified (no sigstore trust root configured)',
    );
  }
  const store = DatabaseSupplyChainStore.fromClient(db);
  const content = DatabaseEvidenceContentStore.fromClient(db);
  const exemptionStore = DatabaseVulnerabilityExemptionStore.fromClient(db);
  return {
    ingest: new EvidenceIngestService({
      store,
      content,
      mutations,
      ownership,
      verifier:
        signatureConfig &&
        createSignatureVerifier(signatureConfig.verifierOptions),
      allowedBuilders: signatureConfig?.allowedBuilders,
      maxDocumentBytes: settings.maxDocumentBytes,
    }),
    supplyChain: new SupplyChainService({
      store,
      content,
      exemptions: exemptionStore,
      policy,
      channels: new CatalogChannelDirectory({ catalog, logger }),
      config: settings,
    }),
    summaries: new SupplyChainSummaries({ store, content }),
    exemptions: new VulnerabilityExemptionService({
      store: exemptionStore,
      artifacts: store,
      mutations,
      maxExemptionDays: settings.maxExemptionDays,
    }),
    maxDocumentBytes: settings.maxDocumentBytes,
  };
}
