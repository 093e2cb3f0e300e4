/**
 * Generates the files of a Helm chart from a checked spec: a pure function,
 * so running the action twice with the same input yields the same bytes.
 */
import { PREVIEW_OVERLAY, type HelmChartSpec } from './chartSpec';
import { chartReadme, chartYaml, HELMIGNORE } from './chartDocs';
import { helpersTemplate } from './helpersTemplate';
import { podSupportTemplates } from './podSupportTemplates';
import { trafficTemplates } from './trafficTemplates';
import { channelOverlay, previewOverlay } from './overlayFiles';
import { valuesYaml } from './valuesFiles';
import {
  WORKLOAD_TEMPLATE_FILES,
  workloadTemplates,
} from './workloadTemplates';

export * from './chartSpec';

/** Generated chart: file path relative to the chart folder → content, sorted by path. */
export type GeneratedChart = {
  files: Map<string, string>;
  /** Values overlays, relative to the chart folder: channels in order, then the preview overlay. */
  overlays: string[];
};

export function generateHelmChart(spec: HelmChartSpec): GeneratedChart {
  const files: Record<string, string> = {
    'Chart.yaml': chartYaml(spec),
    '.helmignore': HELMIGNORE,
    'README.md': chartReadme(spec),
    'values.yaml': valuesYaml(spec),
    [PREVIEW_OVERLAY]: previewOverlay(spec),
    'templates/_helpers.tpl': helpersTemplate(spec),
    ...workloadTemplates(spec),
    ...trafficTemplates(spec),
    ...podSupportTemplates(spec),
  };
  for (const channel of spec.channels) {
    files[channel.file] = channelOverlay(spec, channel);
  }
  const sorted = new Map(
    Object.keys(files)
      .sort()
      .map(file => [file, files[file]]),
  );
  return {
    files: sorted,
    overlays: [...spec.channels.map(c => c.file), PREVIEW_OVERLAY],
  };
}

/**
 * Templates this generator owns whatever the input: with `overwrite`, those
 * the new spec does not produce (a Deployment after switching to canary) are
 * removed, or they would still render.
 */
export function staleGeneratedTemplates(chart: GeneratedChart): string[] {
  return WORKLOAD_TEMPLATE_FILES.filter(file => !chart.files.has(file));
}
