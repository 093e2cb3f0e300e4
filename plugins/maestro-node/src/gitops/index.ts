export type {
  GitIdentity,
  GitOpsCommitOptions,
  GitOpsLogEntry,
  GitOpsRepository,
  GitOpsSeedResult,
  GitOpsTreeEntry,
} from './types';
export { GitCliRepository, MAESTRO_GIT_IDENTITY } from './GitCliRepository';
export type { GitCliRepositoryOptions } from './GitCliRepository';
export { readImageValues, setImageDigest } from './imageValues';
export type { ImageDigestChange, ImageValues } from './imageValues';
export { diffRenderedManifests, diffValues, renderChart } from './renderedDiff';
export type {
  ManifestObjectDiff,
  ManifestObjectKey,
  RenderChartOptions,
  ValueChange,
  ValuesDiff,
} from './renderedDiff';
