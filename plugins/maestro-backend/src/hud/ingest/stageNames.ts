/*
 * CI jobs are named freely ("Run linters", "trivy-scan", "cosign sign",
 * "e2e (chromium)"); the HUD draws the pipeline as lint → test → build →
 * scan → sign → policy → deploy → e2e. A job maps to the first stage whose
 * keywords one of its words matches, checked in the order below (so
 * "e2e tests" is e2e, "scan image" is scan, "build and test" is test); a job
 * that matches none keeps its own name.
 */
import { BuildStageName } from '@maestro-conductor/backstage-plugin-maestro-common';

type Rule = {
  stage: BuildStageName;
  words: string[];
  prefixes?: string[];
};

const RULES: Rule[] = [
  {
    stage: 'e2e',
    words: ['e2e', 'playwright', 'cypress', 'smoke', 'acceptance'],
  },
  {
    stage: 'lint',
    words: ['eslint', 'checkstyle', 'prettier', 'format', 'fmt', 'hadolint'],
    prefixes: ['lint'],
  },
  {
    stage: 'scan',
    words: ['trivy', 'grype', 'snyk', 'codeql', 'sast', 'vulnerabilities'],
    prefixes: ['scan', 'vuln'],
  },
  {
    stage: 'sign',
    words: ['sign', 'signing', 'cosign', 'attest', 'attestation', 'provenance'],
  },
  {
    stage: 'policy',
    words: ['conftest', 'opa', 'kyverno', 'gate', 'gatekeeper'],
    prefixes: ['polic'],
  },
  {
    stage: 'deploy',
    words: ['rollout', 'release', 'preview'],
    prefixes: ['deploy'],
  },
  {
    stage: 'test',
    words: ['unit', 'jest', 'pytest', 'junit', 'spec', 'specs', 'integration'],
    prefixes: ['test'],
  },
  {
    stage: 'build',
    words: ['compile', 'package', 'docker', 'image', 'kaniko', 'buildah'],
    prefixes: ['build'],
  },
];

/** The HUD stage a CI job belongs to, or the job's own name. */
export function stageNameOf(jobName: string): BuildStageName {
  const name = jobName.trim();
  const lower = name.toLocaleLowerCase('en-US');
  if (/end[\s_-]*to[\s_-]*end/.test(lower)) return 'e2e';
  const words = lower.split(/[^a-z0-9]+/).filter(Boolean);
  for (const rule of RULES) {
    const matches = words.some(
      word =>
        rule.words.includes(word) ||
        (rule.prefixes ?? []).some(prefix => word.startsWith(prefix)),
    );
    if (matches) return rule.stage;
  }
  return name;
}
