/*
 * The release channels' own gate items: the previous channel reached and
 * soaked, approvals from the owning group, and freezes.
 */
import { GateAnswer, GateContributor } from '../gates/GateChecklist';
import { DeploymentSources } from '../deployments/DeploymentSources';
import { DatabaseReleaseStore } from './DatabaseReleaseStore';
import { ReleasesConfig } from './releasesConfig';
import { PromotionSubject } from './ReleaseService';

const MINUTE_MS = 60_000;

export function releaseGates(options: {
  store: DatabaseReleaseStore;
  config: ReleasesConfig;
  deployments: DeploymentSources;
  now?: () => Date;
}): GateContributor<PromotionSubject> {
  const { store, config } = options;
  const now = () => options.now?.() ?? new Date();
  return {
    source: 'releases',
    async evaluate(subject) {
      const { target, artifact } = subject;
      const rules = config.rules(target.channel);
      const items: GateAnswer[] = [];

      // A digest that already ran in this channel (a rollback) has passed
      // through the previous one before.
      const previous = target.channels[target.channelIndex - 1];
      if (previous && config.requirePreviousChannel) {
        const ranHere = await store.firstReached(
          target.entityRef,
          target.channel,
          artifact.digest,
        );
        const reached = await store.firstReached(
          target.entityRef,
          previous,
          artifact.digest,
        );
        if (ranHere) {
          items.push({
            id: 'previous-channel',
            title: `Ran in ${previous} first`,
            status: 'pass',
            reason: `Ran in ${target.channel} before, as revision ${ranHere.revision}`,
          });
        } else if (!reached) {
          items.push({
            id: 'previous-channel',
            title: `Ran in ${previous} first`,
            status: 'fail',
            reason: `Not yet promoted to ${previous}; promote it there first`,
          });
        } else {
          const soakedAt =
            Date.parse(reached.createdAt) + rules.soakMinutes * MINUTE_MS;
          items.push({
            id: 'previous-channel',
            title: `Ran in ${previous} first`,
            status: soakedAt <= now().getTime() ? 'pass' : 'pending',
            reason:
              soakedAt <= now().getTime()
                ? `In ${previous} since ${reached.createdAt} (revision ${
                    reached.revision
                  })${
                    rules.soakMinutes
                      ? `, soaked ${rules.soakMinutes} minutes`
                      : ''
                  }`
                : `Soaking in ${previous} until ${new Date(
                    soakedAt,
                  ).toISOString()} (${rules.soakMinutes} minutes)`,
          });
        }
        items.push(...(await previousHealth(subject, previous)));
      }

      if (rules.approvals > 0) {
        const approvals = (
          await store.listApprovals({
            entityRef: target.entityRef,
            channel: target.channel,
            digest: artifact.digest,
          })
        ).filter(approval => approval.approver !== subject.requester);
        items.push({
          id: 'approvals',
          title: `${rules.approvals} approval${
            rules.approvals === 1 ? '' : 's'
          } from the owning group`,
          status: approvals.length >= rules.approvals ? 'pass' : 'pending',
          reason:
            approvals.length > 0
              ? `${approvals.length} of ${rules.approvals}: ${approvals
                  .map(a => a.approver)
                  .join(', ')} (the requester's own approval does not count)`
              : `0 of ${rules.approvals}: another member of the owning group must approve`,
        });
      }

      const noFreeze =
        rules.freezes.length > 0
          ? 'No freeze is in effect now'
          : 'No freezes are configured for this channel';
      const at = now().toISOString();
      const freeze = rules.freezes.find(
        f =>
          new Date(f.start).toISOString() <= at &&
          at < new Date(f.end).toISOString(),
      );
      items.push({
        id: 'freeze',
        title: `No freeze on ${target.channel}`,
        status: freeze ? 'fail' : 'pass',
        reason: freeze
          ? `Frozen until ${new Date(freeze.end).toISOString()}: ${
              freeze.reason
            }`
          : noFreeze,
      });
      return items;
    },
  };

  /** Health of the previous channel where a deployment source watches it. */
  async function previousHealth(
    subject: PromotionSubject,
    previous: string,
  ): Promise<GateAnswer[]> {
    const observations = await options.deployments.observe({
      entity: subject.target.entity,
      entityRef: subject.target.entityRef,
      channel: previous,
      credentials: subject.credentials,
    });
    return observations
      .filter(o => o.state !== 'not-configured')
      .map(o => {
        if (o.state === 'failed') {
          return {
            id: `health-${o.source.id}`,
            title: `${previous} healthy in ${o.source.displayName}`,
            status: 'pending' as const,
            reason: `${o.source.displayName} could not be read: ${o.reason}`,
          };
        }
        const healthy =
          o.state === 'observed' && o.deployment.health.status === 'healthy';
        return {
          id: `health-${o.source.id}`,
          title: `${previous} healthy in ${o.source.displayName}`,
          status: healthy ? ('pass' as const) : ('pending' as const),
          reason:
            o.state === 'observed'
              ? `${o.deployment.health.status}, ${o.deployment.sync.status}${
                  o.deployment.health.message
                    ? `: ${o.deployment.health.message}`
                    : ''
                }`
              : '',
          ...(o.state === 'observed' &&
            o.deployment.url && { link: o.deployment.url }),
        };
      });
  }
}
