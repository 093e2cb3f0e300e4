import { PolicyLocation } from '@maestro-conductor/backstage-plugin-maestro-common';

/**
 * Where a finding is, the way a person looks for it: `Dockerfile:12` for a
 * Dockerfile, `Deployment payments/api $.spec… (chart/templates/x.yaml)`
 * for a Kubernetes object, the rendering template in parentheses.
 */
export function formatPolicyLocation(location: PolicyLocation): string {
  const { resource } = location;
  if (!resource) {
    return location.line ? `${location.file}:${location.line}` : location.file;
  }
  const name = resource.namespace
    ? `${resource.namespace}/${resource.name}`
    : resource.name;
  return [
    `${resource.kind} ${name}`,
    location.jsonPath,
    location.template && `(${location.template})`,
  ]
    .filter(Boolean)
    .join(' ');
}
