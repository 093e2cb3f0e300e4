export { locateHelm } from './locateHelm';
export type { LocateHelmOptions } from './locateHelm';
export {
  HELM_DEFAULT_OVERLAY,
  helmInputs,
  lintHelmChart,
  renderHelmChart,
} from './renderHelmChart';
export type { HelmChartOptions, RenderedHelmOverlay } from './renderHelmChart';
