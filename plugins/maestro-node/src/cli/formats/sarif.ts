/*
 * SARIF 2.1.0 output for GitHub code scanning and other SARIF viewers.
 * One run, tool `maestro-policy`; every rule of the engine is listed so
 * results can point at it by index. Exempted findings stay in the log with an
 * external suppression, which is how GitHub shows them as dismissed; findings
 * whose exemption expired are reported like any other.
 */
import { createHash } from 'node:crypto';
import type {
  PolicyFinding,
  PolicyReport,
  PolicyRuleInfo,
  PolicySeverity,
} from '../../policy/types';
import { locationFile, locationLine, resourceLabel } from './location';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export type SarifToolInfo = {
  version?: string;
  informationUri?: string;
  /** Notes shown with the run, e.g. charts skipped for want of Helm. */
  warnings?: string[];
};

function level(severity: PolicySeverity): 'error' | 'warning' {
  return severity === 'deny' ? 'error' : 'warning';
}

function sarifRule(rule: PolicyRuleInfo) {
  return {
    id: rule.id,
    name: rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: {
      text: rule.remediation,
      markdown: `**${rule.title}**\n\n${rule.rationale}\n\n**Fix:** ${rule.remediation}`,
    },
    defaultConfiguration: { level: level(rule.severity) },
    properties: {
      tags: ['maestro', rule.kind],
      origin: rule.origin,
      ...(rule.profiles ? { profiles: rule.profiles } : {}),
    },
  };
}

function logicalLocations(finding: PolicyFinding) {
  const resource = resourceLabel(finding.location);
  if (!resource) {
    return undefined;
  }
  const locations: Array<Record<string, string>> = [
    {
      name: finding.location.resource!.name,
      fullyQualifiedName: resource,
      kind: 'resource',
    },
  ];
  if (finding.location.jsonPath) {
    locations.push({
      name: finding.location.jsonPath,
      fullyQualifiedName: `${resource}${finding.location.jsonPath.replace(
        /^\$/,
        '',
      )}`,
      kind: 'property',
    });
  }
  return locations;
}

/** Stable across line moves, so alerts survive unrelated edits. */
function fingerprint(finding: PolicyFinding): string {
  const l = finding.location;
  return createHash('sha256')
    .update(
      [
        finding.ruleId,
        l.file,
        l.template,
        l.overlay,
        resourceLabel(l),
        l.jsonPath,
      ]
        .map(v => v ?? '')
        .join('\u0000'),
    )
    .digest('hex');
}

function sarifResult(finding: PolicyFinding, ruleIndex: Map<string, number>) {
  const l = finding.location;
  const exemption = finding.exemption;
  const context = [
    l.overlay && `overlay ${l.overlay}`,
    exemption?.status === 'expired' &&
      `exemption ${exemption.ticket} expired ${exemption.expiresAt}`,
  ]
    .filter(Boolean)
    .join('; ');
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex.has(finding.ruleId)
      ? { ruleIndex: ruleIndex.get(finding.ruleId) }
      : {}),
    level: level(finding.severity),
    message: {
      text: context ? `${finding.message} (${context})` : finding.message,
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: locationFile(l) },
          ...(locationLine(l)
            ? { region: { startLine: locationLine(l) } }
            : {}),
        },
        ...(logicalLocations(finding)
          ? { logicalLocations: logicalLocations(finding) }
          : {}),
      },
    ],
    partialFingerprints: { 'maestroFinding/v1': fingerprint(finding) },
    ...(exemption?.status === 'active'
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: `${exemption.reason} (${exemption.ticket}, owner ${exemption.owner}, expires ${exemption.expiresAt})`,
            },
          ],
        }
      : {}),
    properties: {
      remediation: finding.remediation,
      ...(l.template ? { template: l.template } : {}),
      ...(l.overlay ? { overlay: l.overlay } : {}),
      ...(exemption ? { exemption } : {}),
    },
  };
}

/** The report as a SARIF 2.1.0 log. */
export function formatSarif(
  report: PolicyReport,
  rules: PolicyRuleInfo[],
  tool: SarifToolInfo = {},
): object {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'maestro-policy',
            ...(tool.version
              ? { version: tool.version, semanticVersion: tool.version }
              : {}),
            ...(tool.informationUri
              ? { informationUri: tool.informationUri }
              : {}),
            rules: rules.map(sarifRule),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            endTimeUtc: report.evaluatedAt,
            toolExecutionNotifications: (tool.warnings ?? []).map(text => ({
              level: 'warning',
              message: { text },
            })),
          },
        ],
        results: report.findings.map(f => sarifResult(f, ruleIndex)),
        properties: {
          profile: report.profile,
          passed: report.passed,
          summary: report.summary,
        },
      },
    ],
  };
}
