import path from 'node:path';
import type { PolicyLocation } from '../../policy/types';

/**
 * The file a finding points at. For Helm output `file` is the chart directory
 * and `template` is `<chart>/templates/x.yaml`; the template inside the chart
 * directory is the file a reviewer can open.
  *
  * @public
 */
export function locationFile(location: PolicyLocation): string {
  if (location.template) {
    const [, ...inChart] = location.template.split('/');
    if (inChart.length > 0) {
      return path.posix.join(location.file, ...inChart);
    }
  }
  return location.file;
}

/** @public */
export function resourceLabel(location: PolicyLocation): string | undefined {
  const resource = location.resource;
  if (!resource) {
    return undefined;
  }
  const ns = resource.namespace ? `${resource.namespace}/` : '';
  return `${ns}${resource.kind}/${resource.name}`;
}

/**
 * The line to show. Lines in Helm output count within the rendered stream,
 * not the template, so they are left out rather than point at the wrong line.
  *
  * @public
 */
export function locationLine(location: PolicyLocation): number | undefined {
  return location.template ? undefined : location.line;
}
