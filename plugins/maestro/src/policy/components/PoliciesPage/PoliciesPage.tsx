import { ContentHeader } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { useState } from 'react';
import {
  ExemptionFilter,
  PolicyExemptionsTable,
} from './PolicyExemptionsTable';
import { PolicyRulesTable } from './PolicyRulesTable';

const FILTERS: ReadonlyArray<[ExemptionFilter, string]> = [
  ['all', 'All'],
  ['active', 'Active'],
  ['expired', 'Expired'],
  ['revoked', 'Revoked'],
];

/**
 * The Policies tab of the Maestro page: the rules Maestro enforces on
 * Dockerfiles and Kubernetes manifests, and the exemptions granted from them.
 */
export function PoliciesPage() {
  const [filter, setFilter] = useState<ExemptionFilter>('all');

  return (
    <>
      <ContentHeader
        title="Policy rules"
        description="What Maestro checks in Dockerfiles and Kubernetes manifests before a release may ship"
      />
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <PolicyRulesTable />
        </Grid>
      </Grid>
      <ContentHeader
        title="Exemptions"
        description="Time-boxed exceptions to a rule for one entity"
      >
        <ToggleButtonGroup
          size="small"
          exclusive
          value={filter}
          aria-label="Show exemptions"
          onChange={(_event, next: ExemptionFilter | null) => {
            // Clicking the selected button again would clear the choice.
            if (next) setFilter(next);
          }}
        >
          {FILTERS.map(([value, label]) => (
            <ToggleButton key={value} value={value}>
              {label}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
      </ContentHeader>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <PolicyExemptionsTable filter={filter} />
        </Grid>
      </Grid>
    </>
  );
}
