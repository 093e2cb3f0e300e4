/**
 * The values overlays: one values-<channel>.yaml per release channel (sized
 * by the channel's tier) and values-preview.yaml for pull-request previews,
 * with the comments that explain the deploy conventions.
 */
import {
  PREVIEW_OVERLAY,
  type ChannelSpec,
  type HelmChartSpec,
} from './chartSpec';
import { digestComment, RESOURCES, resourcesBlock, str } from './valuesFiles';

function autoscalingBlock(replicas: number, enabled: boolean): string {
  if (!enabled) {
    return 'autoscaling:\n  enabled: false';
  }
  return [
    'autoscaling:',
    '  enabled: true',
    `  minReplicas: ${replicas}`,
    `  maxReplicas: ${Math.max(replicas * 3, replicas + 1)}`,
  ].join('\n');
}

export function channelOverlay(
  spec: HelmChartSpec,
  channel: ChannelSpec,
): string {
  return `# ${channel.name} release channel of ${spec.name} (sized like ${
    channel.tier
  }). Deploy with
#   helm upgrade --install ${spec.name} . --namespace ${spec.name}-${
    channel.name
  } -f ${channel.file}

image:
${digestComment(spec, 'channel', channel.name)}
  digest: ${str(spec.digest)}

replicas: ${channel.replicas}

${resourcesBlock(RESOURCES[channel.tier])}

${autoscalingBlock(channel.replicas, channel.autoscaled)}

ingress:
  # Off until a host and a TLS secret are chosen for this channel.
  enabled: false
  # className: nginx
  # host: ${spec.name}${
    channel.tier === 'prod' ? '' : `.${channel.name}`
  }.example.com
  # tlsSecretName: ${spec.name}-tls
`;
}

export function previewOverlay(spec: HelmChartSpec): string {
  const progressive =
    spec.strategy === 'rolling'
      ? ''
      : `
rollout:
  # Each push to the pull request replaces the preview at once.
  progressive: false
`;
  return `# Pull-request preview of ${
    spec.name
  }: one short-lived environment per PR.
# Deploy each PR into its own namespace named preview-${spec.name}-pr-<number>
# (Maestro's policy engine treats preview-* namespaces, and namespaces labelled
# maestro.io/preview: "true", as previews), e.g.
#   helm upgrade --install ${spec.name}-pr-42 . \\
#     --namespace preview-${
    spec.name
  }-pr-42 --create-namespace -f ${PREVIEW_OVERLAY} \\
#     --set image.digest=sha256:<digest built from the PR> \\
#     --set preview.pullRequest=42 \\
#     --set preview.expiresAt=$(date -u -d '+${
    spec.previewTtlHours
  } hours' +%Y-%m-%dT%H:%M:%SZ)
# The NetworkPolicies are rendered here too: previews are not left open.

image:
${digestComment(spec, 'preview')}
  digest: ${str(spec.digest)}

preview:
  enabled: true
  # maestro.io/ttl on every resource and pod: how long the preview may live
  # before whatever cleans up previews deletes the release.
  ttl: ${spec.previewTtlHours}h
  # maestro.io/expires-at (RFC 3339), set at deploy time with --set.
  expiresAt: ""
  # maestro.io/pull-request, set at deploy time with --set.
  pullRequest: ""

replicas: 1

${resourcesBlock(RESOURCES.preview)}

autoscaling:
  enabled: false

ingress:
  enabled: false
${progressive}`;
}
