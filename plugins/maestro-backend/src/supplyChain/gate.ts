/*
 * The gate of one channel for one artifact: six conditions, each with the
 * reason it passed or failed, from stored evidence only (nothing is
 * re-verified here). A condition the channel does not require still appears,
 * passed, saying what it would find, so a dev verdict warns about what
 * staging will refuse.
 *
 * Vulnerability limits count distinct (vulnerability, package) pairs of the
 * current reports (see currentEvidence.ts) that no active exemption covers.
 * Findings their own document suppresses by VEX analysis (not_affected,
 * false_positive, resolved) do not count; the reason names them with their
 * state and justification. A VEX statement in one report does not suppress
 * another report's finding of the same pair.
 * "No report" is not "no vulnerabilities": a gated limit fails without one.
 */
import {
  GateCheck,
  GateVerdict,
  isSuppressed,
  StoredPolicyEvaluation,
  VulnerabilityFinding,
  VulnerabilitySeverity,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { isBuilderAllowed } from '@maestro-conductor/backstage-plugin-maestro-node';
import { GateRequirements } from './supplyChainConfig';
import { distinctFindings, findingKey } from './currentEvidence';
import { matchExemption } from './vulnerabilityExemptions';
import {
  EvidenceDocumentRecord,
  ProvenanceRecord,
  SignatureRecord,
  StoredVulnerabilityExemption,
} from './types';

export type GateInput = {
  artifact: { id: string; digest: string };
  channel: string;
  requirements: GateRequirements;
  sbom?: { document: EvidenceDocumentRecord; componentCount: number };
  signatures: SignatureRecord[];
  provenance: ProvenanceRecord[];
  /** Current reports; empty when the digest was never scanned. */
  reports: EvidenceDocumentRecord[];
  /** Critical and high findings of the current reports, suppressed ones included. */
  findings: VulnerabilityFinding[];
  /** The entity's vulnerability exemptions. */
  exemptions: StoredVulnerabilityExemption[];
  /** Newest stored policy evaluation of the entity for this digest. */
  policy?: StoredPolicyEvaluation;
  now: Date;
};

const day = (iso: string) => iso.slice(0, 10);

function notRequired(channel: string, state: string): string {
  return `Not required for ${channel}: ${state}`;
}

function sbomCheck(input: GateInput): GateCheck {
  const { sbom, requirements, channel } = input;
  const base = { id: 'sbom', title: 'SBOM' };
  if (sbom) {
    const { document } = sbom;
    const version = document.version ? ` ${document.version}` : '';
    return {
      ...base,
      passed: true,
      reason: `${document.format}${version} SBOM with ${
        sbom.componentCount
      } components, ingested ${day(document.ingestedAt)}`,
    };
  }
  return requirements.requireSbom
    ? {
        ...base,
        passed: false,
        reason: 'No SBOM has been ingested for this digest',
      }
    : {
        ...base,
        passed: true,
        reason: notRequired(
          channel,
          'no SBOM has been ingested for this digest',
        ),
      };
}

function signatureCheck(input: GateInput): GateCheck {
  const { signatures, requirements, channel } = input;
  const base = { id: 'signature', title: 'Signature' };
  const verified = signatures.find(s => s.verified);
  if (verified) {
    return { ...base, passed: true, reason: `Verified: ${verified.reason}` };
  }
  const state =
    signatures.length === 0
      ? 'no sigstore bundle has been ingested for this digest'
      : `no bundle verified (${signatures.length} ingested; newest: ${signatures[0].reason})`;
  return requirements.requireSignature
    ? { ...base, passed: false, reason: `Not signed: ${state}` }
    : { ...base, passed: true, reason: notRequired(channel, state) };
}

function provenanceRefusal(
  record: ProvenanceRecord,
  requirements: GateRequirements,
  channel: string,
): string | undefined {
  if (!record.valid) return record.reason;
  if (requirements.requireSignedProvenance && !record.signed) {
    return `provenance built by ${record.builderId} is not signed; ${channel} needs it in a sigstore bundle that verifies`;
  }
  const allowed = requirements.allowedBuilders;
  if (allowed && !isBuilderAllowed(record.builderId ?? '', allowed)) {
    return `builder ${
      record.builderId
    } is not allowed for ${channel} (allowed: ${allowed.join(', ')})`;
  }
  return undefined;
}

/**
 * The provenance condition of a channel's gate: the record it accepts, if
 * any, and the check with its reason. Artifact summaries read provenance
 * through this too, so a summary never calls valid what the gate refuses
 * (an unsigned statement where the channel needs signed provenance).
 */
export function assessProvenance(
  input: Pick<GateInput, 'provenance' | 'requirements' | 'channel'>,
): { accepted?: ProvenanceRecord; check: GateCheck } {
  const { provenance, requirements, channel } = input;
  const base = { id: 'provenance', title: 'SLSA provenance' };
  const refusals = provenance.map(record => ({
    record,
    refusal: provenanceRefusal(record, requirements, channel),
  }));
  const accepted = refusals.find(r => !r.refusal)?.record;
  if (accepted) {
    const builders = requirements.allowedBuilders
      ? 'an allowed builder'
      : 'any builder (no allowed builders configured)';
    return {
      accepted,
      check: {
        ...base,
        passed: true,
        reason: `${accepted.reason}${
          accepted.signed ? ', signed' : ', unsigned'
        }; ${channel} accepts ${builders}`,
      },
    };
  }
  const state =
    provenance.length === 0
      ? 'no SLSA provenance has been ingested for this digest'
      : `none accepted (newest: ${refusals[0].refusal})`;
  return {
    check: requirements.requireProvenance
      ? { ...base, passed: false, reason: `No usable provenance: ${state}` }
      : { ...base, passed: true, reason: notRequired(channel, state) },
  };
}

function vulnerabilityCheck(
  input: GateInput,
  severity: Extract<VulnerabilitySeverity, 'critical' | 'high'>,
): GateCheck {
  const { requirements, channel, reports } = input;
  const max =
    severity === 'critical' ? requirements.maxCritical : requirements.maxHigh;
  const base = {
    id: severity,
    title: `${severity === 'critical' ? 'Critical' : 'High'} vulnerabilities`,
  };
  if (reports.length === 0) {
    const state = 'no vulnerability report has been ingested for this digest';
    return max === undefined
      ? { ...base, passed: true, reason: notRequired(channel, state) }
      : { ...base, passed: false, reason: `Not scanned: ${state}` };
  }
  const where = { digest: input.artifact.digest, channel };
  const open: string[] = [];
  const expired: string[] = [];
  const exempted = new Map<string, NonNullable<GateCheck['exemptions']>[0]>();
  const countable = distinctFindings(
    input.findings.filter(f => !isSuppressed(f)),
  );
  const countableKeys = new Set(countable.map(findingKey));
  const suppressed = distinctFindings(
    input.findings.filter(isSuppressed),
  ).filter(f => f.severity === severity && !countableKeys.has(findingKey(f)));
  for (const finding of countable) {
    if (finding.severity !== severity) continue;
    const match = matchExemption(finding, input.exemptions, where, input.now);
    if (match?.status === 'active') {
      exempted.set(match.exemption.id, {
        id: match.exemption.id,
        vulnerabilityId: match.exemption.vulnerabilityId,
        owner: match.exemption.owner,
        expiresAt: match.exemption.expiresAt,
      });
      continue;
    }
    open.push(finding.id);
    if (match) {
      expired.push(
        `the exemption for ${finding.id} expired ${day(
          match.exemption.expiresAt,
        )}`,
      );
    }
  }
  const listed =
    open.length > 0
      ? ` (${open.slice(0, 5).join(', ')}${open.length > 5 ? ', …' : ''})`
      : '';
  const parts = [`${open.length} unexempted ${severity}${listed}`];
  if (exempted.size > 0) parts.push(`${exempted.size} exemption(s) applied`);
  if (suppressed.length > 0) {
    const named = suppressed
      .slice(0, 5)
      .map(
        f =>
          `${f.id} ${f.analysis!.state}${
            f.analysis!.justification ? `: ${f.analysis!.justification}` : ''
          }`,
      );
    parts.push(
      `${suppressed.length} suppressed by VEX analysis (${named.join(', ')}${
        suppressed.length > 5 ? ', …' : ''
      })`,
    );
  }
  parts.push(...expired);
  const counted = parts.join('; ');
  if (max === undefined) {
    return { ...base, passed: true, reason: notRequired(channel, counted) };
  }
  const passed = open.length <= max;
  const check: GateCheck = {
    ...base,
    passed,
    reason: `${counted}; ${channel} allows ${max}`,
  };
  // The exemptions are named where they are what let the condition pass.
  if (passed && open.length + exempted.size > max && exempted.size > 0) {
    check.exemptions = [...exempted.values()];
  }
  return check;
}

function policyCheck(input: GateInput): GateCheck {
  const { policy, requirements, channel } = input;
  const base = { id: 'policy', title: 'Policy' };
  let state: string;
  let passed = false;
  if (!policy) {
    state =
      'no policy evaluation is stored for this digest (POST /policy/evaluate with store, entityRef and imageDigest)';
  } else {
    const { report } = policy;
    passed = report.passed;
    const rules = [
      ...new Set(
        report.findings
          .filter(
            f => f.severity === 'deny' && f.exemption?.status !== 'active',
          )
          .map(f => f.ruleId),
      ),
    ];
    state = report.passed
      ? `evaluation of ${day(policy.evaluatedAt)} passed (${
          report.summary.warn
        } warnings, ${report.summary.exempted} exempted)`
      : `evaluation of ${day(policy.evaluatedAt)} has ${
          report.summary.deny
        } denied finding(s): ${rules.join(', ')}`;
  }
  if (!requirements.requirePolicyPass) {
    return { ...base, passed: true, reason: notRequired(channel, state) };
  }
  return {
    ...base,
    passed,
    reason: `${passed ? 'Passed' : 'Failed'}: ${state}`,
  };
}

/** The verdict of the channel's gate for the artifact. */
export function evaluateGate(input: GateInput): GateVerdict {
  const checks = [
    signatureCheck(input),
    assessProvenance(input).check,
    vulnerabilityCheck(input, 'critical'),
    vulnerabilityCheck(input, 'high'),
    policyCheck(input),
    sbomCheck(input),
  ];
  return {
    artifactId: input.artifact.id,
    channel: input.channel,
    passed: checks.every(check => check.passed),
    checks,
    evaluatedAt: input.now.toISOString(),
  };
}
