import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import {
  BUILD_STAGES,
  BuildStage,
  BuildStatus,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { ReactNode } from 'react';
import { formatDuration } from './formatDuration';

/** How the HUD names each status. */
export const BUILD_STATUS_LABELS: Record<BuildStatus, string> = {
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
  skipped: 'skipped',
};

const STATUS_COMPONENTS: Record<BuildStatus, typeof StatusOK> = {
  queued: StatusPending,
  running: StatusRunning,
  succeeded: StatusOK,
  failed: StatusError,
  cancelled: StatusAborted,
  skipped: StatusAborted,
};

/**
 * Backstage's status icon for a run or stage status, followed by
 * `children`. The icon is hidden from screen readers (Backstage's status
 * components are), so the text or label around it has to name the status;
 * `children` stay readable.
 */
export function BuildStatusIcon(props: {
  status: BuildStatus;
  children?: ReactNode;
}) {
  const Status = STATUS_COMPONENTS[props.status];
  return (
    <span style={{ display: 'inline-flex', alignItems: 'baseline' }}>
      <Status />
      {props.children}
    </span>
  );
}

/**
 * `failed in 1m 20s`, `running for 3m`, or just the status when no
 * duration is known.
 */
export function describeStatus(status: BuildStatus, durationMs?: number) {
  const label = BUILD_STATUS_LABELS[status];
  if (durationMs === undefined) {
    return label;
  }
  return `${label} ${status === 'running' ? 'for' : 'in'} ${formatDuration(
    durationMs,
  )}`;
}

const STAGE_ORDER: ReadonlyMap<string, number> = new Map(
  BUILD_STAGES.map((name, index) => [name, index]),
);

/**
 * Stages in pipeline order (`lint` … `e2e`), stages with other names after
 * them in the order the run reported them.
 */
export function orderStages(stages: BuildStage[]): BuildStage[] {
  return stages
    .map((stage, index) => ({ stage, index }))
    .sort((a, b) => {
      const rankA = STAGE_ORDER.get(a.stage.name) ?? BUILD_STAGES.length;
      const rankB = STAGE_ORDER.get(b.stage.name) ?? BUILD_STAGES.length;
      return rankA - rankB || a.index - b.index;
    })
    .map(({ stage }) => stage);
}
