import {
  BuildRun,
  BuildStage,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import ButtonBase from '@material-ui/core/ButtonBase';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { useId, useState } from 'react';
import {
  BUILD_STATUS_LABELS,
  BuildStatusIcon,
  orderStages,
} from './buildStatus';
import { formatDuration } from './formatDuration';
import { runTitle } from './runTitle';
import { StageDetails } from './StageDetails';

function statusColour(theme: Theme, status: BuildStage['status']): string {
  switch (status) {
    case 'succeeded':
      return theme.palette.success.main;
    case 'failed':
      return theme.palette.error.main;
    case 'running':
      return theme.palette.info.main;
    default:
      return theme.palette.divider;
  }
}

const useStyles = makeStyles(theme => ({
  strip: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
  duration: { color: theme.palette.text.secondary },
  empty: { color: theme.palette.text.secondary },
}));

const useStageStyles = makeStyles<Theme, { status: BuildStage['status'] }>(
  theme => ({
    stage: {
      borderRadius: 16,
      border: '1px solid',
      borderColor: ({ status }) => statusColour(theme, status),
      padding: theme.spacing(0.25, 1),
      gap: theme.spacing(0.5),
      fontSize: theme.typography.body2.fontSize,
      '&[aria-expanded="true"]': {
        backgroundColor: theme.palette.action.selected,
      },
    },
  }),
);

/** `test failed, 1m 20s`: what the stage's button says to screen readers. */
export function describeStage(stage: BuildStage): string {
  const status = `${stage.name} ${BUILD_STATUS_LABELS[stage.status]}`;
  return stage.durationMs !== undefined
    ? `${status}, ${formatDuration(stage.durationMs)}`
    : status;
}

function StageButton(props: {
  stage: BuildStage;
  expanded: boolean;
  controls: string;
  onToggle: () => void;
}) {
  const classes = useStyles();
  const { stage } = props;
  const stageClasses = useStageStyles({ status: stage.status });
  const label = describeStage(stage);
  return (
    <ButtonBase
      className={stageClasses.stage}
      aria-expanded={props.expanded}
      aria-controls={props.expanded ? props.controls : undefined}
      aria-label={label}
      title={label}
      onClick={props.onToggle}
      data-status={stage.status}
    >
      <BuildStatusIcon status={stage.status}>{stage.name}</BuildStatusIcon>
      {stage.durationMs !== undefined && (
        <span className={classes.duration}>
          {formatDuration(stage.durationMs)}
        </span>
      )}
    </ButtonBase>
  );
}

/**
 * A run's stages side by side in pipeline order (`lint` → `test` → `build`
 * → `scan` → `sign` → `policy` → `deploy` → `e2e`, other stages after),
 * each with its status icon and duration. A click on a stage opens what CI
 * reported about it below the strip; another click closes it.
 */
export function StageStrip(props: { run: BuildRun }) {
  const classes = useStyles();
  const { run } = props;
  const [openStage, setOpenStage] = useState<string>();
  const detailsId = useId();
  const stages = orderStages(run.stages);
  const open = stages.find(stage => stage.name === openStage);

  if (stages.length === 0) {
    return (
      <Typography variant="body2" className={classes.empty}>
        No stages reported yet
      </Typography>
    );
  }
  return (
    <div>
      <ol className={classes.strip} aria-label={`Stages of ${runTitle(run)}`}>
        {stages.map((stage, index) => (
          <li key={`${stage.name}-${index}`}>
            <StageButton
              stage={stage}
              expanded={stage.name === openStage}
              controls={detailsId}
              onToggle={() =>
                setOpenStage(current =>
                  current === stage.name ? undefined : stage.name,
                )
              }
            />
          </li>
        ))}
      </ol>
      {open && <StageDetails id={detailsId} run={run} stage={open} />}
    </div>
  );
}
