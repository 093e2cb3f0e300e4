/*
 * The `maestro.policy` block of app-config, read one way for every host of
 * the policy engine (the backend plugin, the scaffolder module), so a rule
 * switched off or added in config is switched off or added everywhere.
 */
import type { PolicyEngineOptions } from '../policy/engine';
import { resolveOpaOptions } from '../policy/opa/options';
import type { PolicyProfile } from '../policy/types';

/**
 * The part of Backstage's `Config` (or `RootConfigService`) this module
 * reads; declared structurally so this library does not depend on
 * `@backstage/config`.
 *
 * @public
 */
export type MaestroConfigReader = {
  getOptionalConfig(key: string): MaestroConfigReader | undefined;
  getOptional(key: string): unknown;
  getOptionalString(key: string): string | undefined;
  getOptionalStringArray(key: string): string[] | undefined;
  getOptionalNumber(key: string): number | undefined;
};

/**
 * Policy settings from `maestro.policy` (see maestro-backend's config.d.ts).
 *
 * @public
 */
export type MaestroPolicyConfig = {
  /**
   * Pass to `createPolicyEngine`: config rules, rules folder, disabled rules,
   * and `opa` (from `maestro.policy.opa`) when an OPA server is configured.
   */
  engineOptions: PolicyEngineOptions;
  /** `maestro.policy.profile`; `default` when unset. */
  defaultProfile: PolicyProfile;
  /** `maestro.policy.helm.path`: the helm binary, when configured. */
  helmPath?: string;
  /** `maestro.policy.exemptions.maxDurationDays`; 90 when unset. */
  maxExemptionDays: number;
};

/** The longest exemption when config sets none, in days. @public */
export const DEFAULT_MAX_EXEMPTION_DAYS = 90;

/**
 * Reads `maestro.policy` from app-config. Throws an Error naming the key when
 * a value has the wrong shape, so a bad config fails at startup.
 *
 * @public
 */
export function readMaestroPolicyConfig(
  config: MaestroConfigReader,
): MaestroPolicyConfig {
  const policy = config.getOptionalConfig('maestro.policy');
  const rules = policy?.getOptional('rules');
  if (rules !== undefined && !Array.isArray(rules)) {
    throw new Error(
      'Invalid config maestro.policy.rules: expected a list of rule definitions',
    );
  }
  const profile = policy?.getOptionalString('profile') ?? 'default';
  if (profile !== 'default' && profile !== 'strict') {
    throw new Error(
      `Invalid config maestro.policy.profile '${profile}': use default or strict`,
    );
  }
  const engineOptions: PolicyEngineOptions = {};
  if (rules !== undefined) {
    engineOptions.rules = rules as PolicyEngineOptions['rules'];
  }
  const rulesDirectory = policy?.getOptionalString('rulesDirectory');
  if (rulesDirectory !== undefined) {
    engineOptions.rulesDirectory = rulesDirectory;
  }
  const disabledRules = policy?.getOptionalStringArray('disabledRules');
  if (disabledRules !== undefined) {
    engineOptions.disabledRules = disabledRules;
  }
  const opa = policy?.getOptionalConfig('opa');
  if (opa) {
    engineOptions.opa = resolveOpaOptions(
      {
        url: opa.getOptional('url'),
        path: opa.getOptional('path'),
        timeoutMs: opa.getOptional('timeoutMs'),
        headers: opa.getOptional('headers'),
        mode: opa.getOptional('mode'),
      },
      field => `Invalid config maestro.policy.opa.${field}`,
    );
  }
  const helmPath = policy?.getOptionalString('helm.path');
  return {
    engineOptions,
    defaultProfile: profile,
    ...(helmPath !== undefined ? { helmPath } : {}),
    maxExemptionDays:
      policy?.getOptionalNumber('exemptions.maxDurationDays') ??
      DEFAULT_MAX_EXEMPTION_DAYS,
  };
}
