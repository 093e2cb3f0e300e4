/*
 * How findings read in a scaffolder task: one line per finding for the log
 * and the failure message, and a compact object per finding for the
 * template's output page. Locations are written the way `maestro-policy
 * check` writes them (maestro-node's location helpers), plus the JSON path.
 */
import {
  locationFile,
  locationLine,
  resourceLabel,
  type PolicyFinding,
} from '@maestro-conductor/backstage-plugin-maestro-node';

export type FindingStatus = 'denied' | 'warning' | 'exempted';

/** A finding as the step outputs it. */
export type CompactFinding = {
  ruleId: string;
  severity: 'deny' | 'warn';
  status: FindingStatus;
  title: string;
  location: string;
  message: string;
  remediation: string;
  /** The exemption that matched, e.g. `SHOP-101 (group:shop) until 2030-12-31`. */
  exemption?: string;
};

export function findingStatus(finding: PolicyFinding): FindingStatus {
  if (finding.exemption?.status === 'active') {
    return 'exempted';
  }
  return finding.severity === 'deny' ? 'denied' : 'warning';
}

/**
 * `file:line` for Dockerfiles; for Kubernetes objects the file (the chart
 * template for Helm output), `namespace/Kind/name`, the JSON path and the
 * values overlay.
 */
export function describeLocation(finding: PolicyFinding): string {
  const { location } = finding;
  const line = locationLine(location);
  const parts = [
    line ? `${locationFile(location)}:${line}` : locationFile(location),
  ];
  const resource = resourceLabel(location);
  if (resource) {
    parts.push(resource);
  }
  if (location.jsonPath) {
    parts.push(location.jsonPath);
  }
  if (location.overlay) {
    parts.push(`[${location.overlay}]`);
  }
  return parts.join(' ');
}

function describeExemption(finding: PolicyFinding): string | undefined {
  const exemption = finding.exemption;
  if (!exemption) {
    return undefined;
  }
  const verb = exemption.status === 'active' ? 'until' : 'expired';
  return `${exemption.ticket} (${exemption.owner}) ${verb} ${exemption.expiresAt}`;
}

export function compactFinding(finding: PolicyFinding): CompactFinding {
  const exemption = describeExemption(finding);
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    status: findingStatus(finding),
    title: finding.title,
    location: describeLocation(finding),
    message: finding.message,
    remediation: finding.remediation,
    ...(exemption ? { exemption } : {}),
  };
}

/** One line: rule, location, message, and the exemption if one matched. */
export function findingLine(finding: CompactFinding): string {
  const exemption = finding.exemption
    ? ` (exemption ${finding.exemption})`
    : '';
  return `${finding.ruleId} at ${finding.location}: ${finding.message}${exemption}`;
}

/** The message of the error that fails the step. */
export function failureMessage(denied: CompactFinding[]): string {
  const lines = denied.map(
    f => `- ${findingLine(f)}\n  Remediation: ${f.remediation}`,
  );
  return [
    `Policy check failed: ${denied.length} deny finding(s) not covered by an active exemption`,
    ...lines,
  ].join('\n');
}
