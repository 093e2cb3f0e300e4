import { GateContributor } from '../gates/GateChecklist';
import { PolicyService } from './PolicyService';

/**
 * The policy pack on what would be deployed: the chart rendered by real
 * Helm with the target overlay, with the entity's active exemptions.
 */
export function renderedPolicyGate(
  policy: Pick<PolicyService, 'evaluate'>,
): GateContributor<{
  entityRef: string;
  digest: string;
  /** Names the rendered input in findings, e.g. `services/x/chart with values-prod.yaml`. */
  path: string;
  rendered: string;
  actor: string;
}> {
  return {
    source: 'policy',
    async evaluate(subject) {
      const { report } = await policy.evaluate({
        inputs: [
          { kind: 'kubernetes', path: subject.path, content: subject.rendered },
        ],
        entityRef: subject.entityRef,
        imageDigest: subject.digest,
        store: false,
        source: 'promotion',
        actor: subject.actor,
      });
      const denied = report.findings.filter(
        finding =>
          finding.severity === 'deny' && finding.exemption?.status !== 'active',
      );
      const rules = [...new Set(denied.map(finding => finding.ruleId))];
      return [
        {
          id: 'rendered-chart',
          title: 'Policy on the rendered chart',
          status: report.passed ? 'pass' : 'fail',
          reason: report.passed
            ? `${report.summary.resources} resources pass the ${report.profile} pack (${report.summary.warn} warnings, ${report.summary.exempted} exempted)`
            : `${report.summary.deny} denied: ${rules.join(', ')}`,
          link: `/maestro/policies`,
        },
      ];
    },
  };
}
