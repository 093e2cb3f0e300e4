import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  GitCliRepository,
  readMaestroPolicyConfig,
} from '@maestro-conductor/backstage-plugin-maestro-node';
import { Knex } from 'knex';
import { DeploymentSources } from '../deployments/DeploymentSources';
import { forSubject, GateChecklistRunner } from '../gates/GateChecklist';
import { RecordedMutations } from '../ledger/recordedMutation';
import { PolicyService } from '../policy/PolicyService';
import { renderedPolicyGate } from '../policy/renderedPolicyGate';
import { DatabaseSupplyChainStore } from '../supplyChain/DatabaseSupplyChainStore';
import { SupplyChainService } from '../supplyChain/SupplyChainService';
import { supplyChainGate } from '../supplyChain/supplyChainGate';
import { DatabaseReleaseStore } from './DatabaseReleaseStore';
import { releaseGates } from './releaseGates';
import { readReleasesConfig } from './releasesConfig';
import { PromotionSubject, ReleaseService } from './ReleaseService';

/**
 * Reads `maestro.releases`; with a GitOps repository configured, seeds it
 * when it does not exist yet and builds the release service and its gate
 * checklist (supply chain, rendered policy, release rules). Undefined when
 * release channels are not configured.
 */
export async function createReleases(options: {
  config: Config;
  db: Knex;
  mutations: RecordedMutations;
  policy: PolicyService;
  supplyChain: SupplyChainService;
  catalog: CatalogService;
  auth: AuthService;
  deployments: DeploymentSources;
  logger: LoggerService;
}): Promise<ReleaseService | undefined> {
  const config = readReleasesConfig(options.config);
  if (!config) {
    options.logger.info(
      'maestro.releases.gitops is not configured: release channels are off',
    );
    return undefined;
  }
  const repository = GitCliRepository.create({
    repositoryPath: config.gitops.repository,
  });
  if (config.gitops.seedDirectory) {
    const seeded = await repository.ensureSeeded({
      seedDirectory: config.gitops.seedDirectory,
      branch: config.gitops.branch,
    });
    if (seeded.created) {
      options.logger.info(
        `Created the GitOps repository ${config.gitops.repository} from ${config.gitops.seedDirectory} (${seeded.head})`,
      );
    }
  }
  const store = DatabaseReleaseStore.fromClient(options.db);
  const checklist = new GateChecklistRunner<PromotionSubject>(
    [
      forSubject(supplyChainGate(options.supplyChain), subject => ({
        artifactId: subject.artifact.id,
        channel: subject.target.channel,
      })),
      forSubject(renderedPolicyGate(options.policy), subject => ({
        entityRef: subject.target.entityRef,
        digest: subject.artifact.digest,
        path: `${subject.target.chartPath} with ${subject.target.overlayPath}`,
        rendered: subject.rendered,
        actor: subject.requester,
      })),
      releaseGates({ store, config, deployments: options.deployments }),
    ],
    { logger: options.logger },
  );
  return new ReleaseService({
    config,
    repository,
    store,
    mutations: options.mutations,
    artifacts: DatabaseSupplyChainStore.fromClient(options.db),
    checklist,
    catalog: options.catalog,
    auth: options.auth,
    deployments: options.deployments,
    logger: options.logger,
    helmPath: readMaestroPolicyConfig(options.config).helmPath,
  });
}
