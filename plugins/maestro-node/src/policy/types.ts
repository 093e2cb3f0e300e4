/**
 * Public contract of Maestro's policy engine. The types live in
 * maestro-common, so the backend API and the frontend share them; the engine
 * (./engine), the Helm renderer (./helm) and the CLI (../cli) import them here.
 */
export type {
  PolicyEngine,
  PolicyEvaluateOptions,
  PolicyExemption,
  PolicyFinding,
  PolicyInput,
  PolicyInputKind,
  PolicyLocation,
  PolicyProfile,
  PolicyReport,
  PolicyRuleInfo,
  PolicySeverity,
} from '@maestro-conductor/backstage-plugin-maestro-common';
