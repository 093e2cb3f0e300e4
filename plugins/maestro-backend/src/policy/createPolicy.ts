import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  createPolicyEngine,
  readMaestroPolicyConfig,
} from '@maestro-conductor/backstage-plugin-maestro-node';
import { Knex } from 'knex';
import { RecordedMutations } from '../ledger/recordedMutation';
import { DatabasePolicyStore } from './DatabasePolicyStore';
import { PackagedChartRenderer } from './PackagedChartRenderer';
import { PolicyService } from './PolicyService';

/**
 * Reads `maestro.policy` the same way as the scaffolder module's
 * maestro:policy:check and builds the policy service.
 */
export function createPolicy(options: {
  config: Config;
  db: Knex;
  mutations: RecordedMutations;
  notifications?: NotificationService;
  logger: LoggerService;
}): PolicyService {
  const policyConfig = readMaestroPolicyConfig(options.config);
  return new PolicyService({
    engine: createPolicyEngine(policyConfig.engineOptions),
    charts: new PackagedChartRenderer({ helmPath: policyConfig.helmPath }),
    defaultProfile: policyConfig.defaultProfile,
    store: DatabasePolicyStore.fromClient(options.db),
    mutations: options.mutations,
    notifications: options.notifications,
    logger: options.logger,
    maxExemptionDays: policyConfig.maxExemptionDays,
  });
}
