import { GateContributor } from '../gates/GateChecklist';
import { SupplyChainService } from './SupplyChainService';

/**
 * The supply-chain verdict for the channel (signature, provenance, severity
 * thresholds, SBOM, as `maestro.supplyChain.gates` sets them per channel) as
 * one checklist item.
 */
export function supplyChainGate(
  supplyChain: Pick<SupplyChainService, 'gate'>,
): GateContributor<{ artifactId: string; channel: string }> {
  return {
    source: 'supply-chain',
    async evaluate({ artifactId, channel }) {
      const verdict = await supplyChain.gate(artifactId, channel);
      const failed = verdict.checks.filter(check => !check.passed);
      return [
        {
          id: 'verdict',
          title: `Supply-chain gate for ${channel}`,
          status: verdict.passed ? 'pass' : 'fail',
          reason: verdict.passed
            ? verdict.checks.map(check => check.reason).join('; ') ||
              'No check is required for this channel'
            : failed.map(check => `${check.title}: ${check.reason}`).join('; '),
        },
      ];
    },
  };
}
