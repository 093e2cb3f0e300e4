import { InfoCard } from '@backstage/core-components';
import { BuildRun } from '@maestro-conductor/backstage-plugin-maestro-common';
import Typography from '@material-ui/core/Typography';
import { BuildRunItem } from './BuildRunItem';

/** The entity's newest runs on every branch, pull requests included. */
export function RecentRuns(props: { runs: BuildRun[] }) {
  return (
    <InfoCard title="Recent runs" subheader="All branches, newest first">
      {props.runs.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No runs yet.
        </Typography>
      ) : (
        <section aria-label="Recent runs">
          {props.runs.map(run => (
            <BuildRunItem key={run.id} run={run} />
          ))}
        </section>
      )}
    </InfoCard>
  );
}
