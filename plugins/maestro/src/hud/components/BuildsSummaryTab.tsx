import { ContentHeader } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { HudAlertsCard } from './HudAlertsCard';
import { HudMetricsPanel } from './HudMetricsPanel';
import { UnroutedDeliveriesWarning } from './UnroutedDeliveriesWarning';

/**
 * The Builds tab of the Maestro page: build metrics across all services
 * and every service's open alerts, under a warning for each repository
 * whose GitHub deliveries are parked (claimed by several entities, or only
 * by untrusted ones).
 */
export function BuildsSummaryTab() {
  return (
    <>
      <ContentHeader
        title="Builds"
        description="How CI is doing across every service: success rate, durations, policy violations and previews, with open alerts"
      />
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <UnroutedDeliveriesWarning />
        </Grid>
        <Grid item xs={12}>
          <HudAlertsCard />
        </Grid>
        <Grid item xs={12}>
          <HudMetricsPanel />
        </Grid>
      </Grid>
    </>
  );
}
