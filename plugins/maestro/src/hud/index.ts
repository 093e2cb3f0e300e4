export { EntityBuildsContent } from './components/EntityBuildsContent';
export { BuildsSummaryTab } from './components/BuildsSummaryTab';
