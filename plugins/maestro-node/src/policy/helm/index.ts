export { locateHelm } from './locateHelm';
export type { LocateHelmOptions } from './locateHelm';
export {
  HELM_DEFAULT_OVERLAY,
  helmInputs,
  lintHelmChart,
  renderHelmChart,
} from './renderHelmChart';
export type { HelmChartOptions, RenderedHelmOverlay } from './renderHelmChart';
export {
  CHART_ARCHIVE_LIMITS,
  ChartArchiveError,
  extractChartArchive,
} from './chartArchive';
export type { ExtractedChart } from './chartArchive';
