import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  MAESTRO_ANNOTATIONS,
  getReleaseChannels,
  isMaestroAvailable,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import Grid from '@material-ui/core/Grid';
import { Route, Routes, useResolvedPath } from 'react-router-dom';
import { SupplyChainRefreshProvider } from '../../hooks/supplyChainRefresh';
import { ArtifactDiffView } from './ArtifactDiffView';
import { ArtifactList } from './ArtifactList';
import { ArtifactView } from './ArtifactView';
import { CompareArtifactsForm } from './CompareArtifactsForm';
import { SupplyChainPathsProvider } from './supplyChainPaths';

function ArtifactsOverview(props: { entityRef: string }) {
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <ArtifactList entityRef={props.entityRef} />
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Compare artifacts"
          subheader="Components and vulnerabilities that changed between two builds"
        >
          <CompareArtifactsForm entityRef={props.entityRef} />
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/**
 * The Supply chain tab of a catalog entity: its image digests with
 * findings, signatures and gate verdicts; at `artifacts/:artifactId` one
 * artifact in full; at `diff?from=&to=` two artifacts compared. Every
 * view refetches when Maestro signals new supply-chain evidence or policy
 * results for the entity.
 */
export function EntitySupplyChainContent() {
  const { entity } = useEntity();
  // Resolved here, where the app mounted the tab, and handed down: links
  // inside the nested routes would otherwise resolve against those routes.
  const base = useResolvedPath('.').pathname;

  if (!isMaestroAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={MAESTRO_ANNOTATIONS.image} />
    );
  }

  // Maestro records entity refs the way the catalog normalises them.
  const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  return (
    <SupplyChainRefreshProvider entityRef={entityRef}>
      <SupplyChainPathsProvider base={base}>
        <Routes>
          <Route
            path="/"
            element={<ArtifactsOverview entityRef={entityRef} />}
          />
          <Route
            path="artifacts/:artifactId"
            element={
              <ArtifactView
                entityRef={entityRef}
                channels={getReleaseChannels(entity)}
              />
            }
          />
          <Route
            path="diff"
            element={<ArtifactDiffView entityRef={entityRef} />}
          />
        </Routes>
      </SupplyChainPathsProvider>
    </SupplyChainRefreshProvider>
  );
}
