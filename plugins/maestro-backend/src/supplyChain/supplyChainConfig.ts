/*
 * The `maestro.supplyChain` block of app-config, minus `signatures` (read by
 * maestro-node's readSignatureConfig):
 *
 *   maestro:
 *     supplyChain:
 *       maxDocumentBytes: 52428800     # largest evidence document accepted
 *       exemptions:
 *         maxDurationDays: 90
 *       gates:
 *         prod:                        # merged over the built-in prod gate
 *           maxHigh: 0
 *           allowedBuilders: [https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml]
 *
 * Built-in gates exist for dev (nothing required; the checklist still shows
 * what is missing), staging and prod. A channel with no gate of its own, built
 * in or configured, gets the prod gate: an unknown channel is treated as the
 * strictest one rather than waved through.
 */
import { Config } from '@backstage/config';

/** What an artifact needs to enter one channel. */
export type GateRequirements = {
  requireSbom: boolean;
  requireSignature: boolean;
  requireProvenance: boolean;
  /** Provenance counts only when it came in a sigstore bundle that verified. */
  requireSignedProvenance: boolean;
  /** SLSA builder ids accepted; absent = any builder (the reason says so). */
  allowedBuilders?: string[];
  /** Most unexempted critical findings allowed; absent = not gated. */
  maxCritical?: number;
  /** Most unexempted high findings allowed; absent = not gated. */
  maxHigh?: number;
  requirePolicyPass: boolean;
};

export type SupplyChainConfig = {
  maxDocumentBytes: number;
  maxExemptionDays: number;
  /** Gates by channel: the built-in ones with configured ones merged over them. */
  gates: Record<string, GateRequirements>;
};

export const DEFAULT_MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;
const MAX_DOCUMENT_BYTES_CEILING = 1024 * 1024 * 1024;
const DEFAULT_MAX_EXEMPTION_DAYS = 90;

const PERMISSIVE: GateRequirements = {
  requireSbom: false,
  requireSignature: false,
  requireProvenance: false,
  requireSignedProvenance: false,
  requirePolicyPass: false,
};

export const DEFAULT_GATES: Record<string, GateRequirements> = {
  dev: PERMISSIVE,
  staging: {
    ...PERMISSIVE,
    requireSbom: true,
    requireSignature: true,
    maxCritical: 0,
    maxHigh: 5,
    requirePolicyPass: true,
  },
  prod: {
    requireSbom: true,
    requireSignature: true,
    requireProvenance: true,
    requireSignedProvenance: true,
    maxCritical: 0,
    maxHigh: 2,
    requirePolicyPass: true,
  },
};

const KEY = 'maestro.supplyChain';

function nonNegativeInteger(
  config: Config,
  key: string,
  path: string,
): number | undefined {
  const value = config.getOptionalNumber(key);
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
    throw new Error(
      `Invalid config ${path}.${key}: expected a whole number of 0 or more`,
    );
  }
  return value;
}

function readGate(
  config: Config,
  path: string,
  base: GateRequirements,
): GateRequirements {
  const gate: GateRequirements = { ...base };
  for (const flag of [
    'requireSbom',
    'requireSignature',
    'requireProvenance',
    'requireSignedProvenance',
    'requirePolicyPass',
  ] as const) {
    gate[flag] = config.getOptionalBoolean(flag) ?? base[flag];
  }
  const allowedBuilders = config.getOptionalStringArray('allowedBuilders');
  if (allowedBuilders) gate.allowedBuilders = allowedBuilders;
  for (const limit of ['maxCritical', 'maxHigh'] as const) {
    const value = nonNegativeInteger(config, limit, path);
    if (value !== undefined) gate[limit] = value;
  }
  return gate;
}

/**
 * Reads `maestro.supplyChain`. `allowedBuilders` of
 * `maestro.supplyChain.signatures` applies to every gate that names none.
 * Throws an Error naming the key when a value is wrong, so startup fails.
 */
export function readSupplyChainConfig(
  config: Config,
  signatureAllowedBuilders?: string[],
): SupplyChainConfig {
  const block = config.getOptionalConfig(KEY);
  const maxDocumentBytes =
    (block && nonNegativeInteger(block, 'maxDocumentBytes', KEY)) ||
    DEFAULT_MAX_DOCUMENT_BYTES;
  if (maxDocumentBytes > MAX_DOCUMENT_BYTES_CEILING) {
    throw new Error(
      `Invalid config ${KEY}.maxDocumentBytes: at most ${MAX_DOCUMENT_BYTES_CEILING} (1 GiB)`,
    );
  }
  const maxExemptionDays =
    (block && nonNegativeInteger(block, 'exemptions.maxDurationDays', KEY)) ||
    DEFAULT_MAX_EXEMPTION_DAYS;

  const gates: Record<string, GateRequirements> = {};
  for (const [channel, gate] of Object.entries(DEFAULT_GATES)) {
    gates[channel] = { ...gate };
  }
  const configured = block?.getOptionalConfig('gates');
  for (const channel of configured?.keys() ?? []) {
    gates[channel] = readGate(
      configured!.getConfig(channel),
      `${KEY}.gates.${channel}`,
      gates[channel] ?? DEFAULT_GATES.prod,
    );
  }
  if (signatureAllowedBuilders) {
    for (const gate of Object.values(gates)) {
      gate.allowedBuilders ??= signatureAllowedBuilders;
    }
  }
  return { maxDocumentBytes, maxExemptionDays, gates };
}

/** The gate of a channel; channels without one get the prod gate. */
export function gateOf(
  config: Pick<SupplyChainConfig, 'gates'>,
  channel: string,
): GateRequirements {
  return config.gates[channel] ?? config.gates.prod ?? DEFAULT_GATES.prod;
}
