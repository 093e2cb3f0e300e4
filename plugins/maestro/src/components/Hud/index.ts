export { EntityBuildsContent } from './EntityBuildsContent';
export { BuildsSummaryTab } from './BuildsSummaryTab';
