import type { PolicyFinding, PolicyReport } from '../../policy/types';
import { locationFile, locationLine, resourceLabel } from './location';

function severityCell(finding: PolicyFinding): string {
  if (finding.exemption?.status === 'active') {
    return `${finding.severity} (exempted)`;
  }
  if (finding.exemption?.status === 'expired') {
    return `${finding.severity} (exemption expired)`;
  }
  return finding.severity;
}

function locationCell(finding: PolicyFinding): string {
  const location = finding.location;
  const parts = [
    locationLine(location)
      ? `${locationFile(location)}:${locationLine(location)}`
      : locationFile(location),
  ];
  const resource = resourceLabel(location);
  if (resource) {
    parts.push(resource);
  }
  if (location.overlay) {
    parts.push(`[${location.overlay}]`);
  }
  return parts.join(' ');
}

function messageCell(finding: PolicyFinding): string {
  const exemption = finding.exemption;
  if (!exemption) {
    return finding.message;
  }
  const verb = exemption.status === 'active' ? 'until' : 'expired';
  return `${finding.message} — exemption ${exemption.ticket} (${exemption.owner}) ${verb} ${exemption.expiresAt}`;
}

export function summaryLine(report: PolicyReport): string {
  const s = report.summary;
  return [
    report.passed ? 'PASSED' : 'FAILED',
    `${s.deny} deny, ${s.warn} warn, ${s.exempted} exempted, ${s.expiredExemptions} expired exemption(s)`,
    `${s.resources} resource(s), ${s.rules} rule(s), profile ${report.profile}`,
  ].join(' — ');
}

/** A plain-text table for terminals and CI logs. */
export function formatTable(report: PolicyReport): string {
  const header = ['RULE', 'SEVERITY', 'LOCATION', 'MESSAGE'];
  const rows = report.findings.map(f => [
    f.ruleId,
    severityCell(f),
    locationCell(f),
    messageCell(f),
  ]);
  const lines: string[] = [];
  if (rows.length === 0) {
    lines.push('No findings.');
  } else {
    const widths = header.map((h, i) =>
      Math.max(h.length, ...rows.map(r => r[i].length)),
    );
    // The message is the last column and is not padded.
    const render = (cells: string[]) =>
      cells
        .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
        .join('  ');
    lines.push(render(header));
    lines.push(...rows.map(render));
  }
  lines.push('', summaryLine(report));
  return `${lines.join('\n')}\n`;
}
