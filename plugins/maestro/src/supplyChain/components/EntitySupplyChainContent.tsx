import { InfoCard } from '@backstage/core-components';
import {
  MAESTRO_SIGNAL_TOPICS,
  MaestroSignalTopic,
  getReleaseChannels,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import Grid from '@material-ui/core/Grid';
import { Route, Routes } from 'react-router-dom';
import { EntityTab } from '../../shared/components/EntityTab';
import { ArtifactDiffView } from './ArtifactDiffView';
import { ArtifactList } from './ArtifactList';
import { ArtifactView } from './ArtifactView';
import { CompareArtifactsForm } from './CompareArtifactsForm';
import { SupplyChainPathsProvider } from './supplyChainPaths';

/**
 * Signal topics after which supply-chain views refetch: new artifacts and
 * evidence, and new policy evaluations (the artifact view shows the policy
 * results of its digest).
 */
const SUPPLY_CHAIN_TAB_TOPICS: readonly MaestroSignalTopic[] = [
  MAESTRO_SIGNAL_TOPICS.supplyChain,
  MAESTRO_SIGNAL_TOPICS.policy,
];

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
  return (
    <EntityTab topics={SUPPLY_CHAIN_TAB_TOPICS}>
      {({ entity, entityRef, base }) => (
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
      )}
    </EntityTab>
  );
}
