import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import {
  ArtifactDetail,
  carriesFindings,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import CompareArrowsIcon from '@material-ui/icons/CompareArrows';
import WarningIcon from '@material-ui/icons/Warning';
import { ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import { useArtifact } from '../hooks/useArtifact';
import { Timestamp } from '../../shared/components/Timestamp';
import {
  EvidenceIcons,
  SeverityChips,
  ShortCommit,
  VerdictBadges,
} from '../../shared/components/ArtifactBadges/ArtifactBadges';
import { ArtifactPolicyCard } from './ArtifactPolicyCard';
import { EvidenceDocumentsCard } from './EvidenceDocumentsCard';
import { EvidenceVerificationCard } from './EvidenceVerificationCard';
import { GateChecklist } from './GateChecklist';
import { SbomTable } from './SbomTable';
import { useSupplyChainPaths } from './supplyChainPaths';
import { VulnerabilityList } from './VulnerabilityList';

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <Box mr={4} mb={1}>
      <Typography variant="caption" color="textSecondary" component="div">
        {props.label}
      </Typography>
      <Typography variant="body2" component="div">
        {props.children}
      </Typography>
    </Box>
  );
}

function ArtifactHeader(props: { artifact: ArtifactDetail }) {
  const { artifact } = props;
  return (
    <InfoCard title="Artifact">
      <Typography
        variant="body1"
        component="p"
        style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
      >
        {artifact.repository}@{artifact.digest}
      </Typography>
      <Box display="flex" flexWrap="wrap" my={1} style={{ gap: 4 }}>
        {artifact.tags.map(tag => (
          <Chip key={tag} size="small" label={tag} />
        ))}
      </Box>
      <Box display="flex" flexWrap="wrap" mt={2}>
        <Fact label="Created">
          <Timestamp value={artifact.createdAt} />
        </Fact>
        {artifact.commit && (
          <Fact label="Commit">
            <ShortCommit commit={artifact.commit} />
            {artifact.branch && ` on ${artifact.branch}`}
          </Fact>
        )}
        {artifact.pullRequest !== undefined && (
          <Fact label="Pull request">#{artifact.pullRequest}</Fact>
        )}
        {artifact.buildRunUrl && (
          <Fact label="Build">
            <Link to={artifact.buildRunUrl}>build run</Link>
          </Fact>
        )}
        <Fact label="Components">{artifact.componentCount}</Fact>
        <Fact label="Signature, provenance">
          <EvidenceIcons
            signatureVerified={artifact.signatureVerified}
            provenanceValid={artifact.provenanceValid}
          />
        </Fact>
      </Box>
      <Fact label="Vulnerabilities">
        <SeverityChips counts={artifact.vulnerabilityCounts} />
      </Fact>
      <Fact label="Gates">
        <VerdictBadges verdicts={artifact.verdicts} />
      </Fact>
      <PartlyReadNote documents={artifact.documents} />
    </InfoCard>
  );
}

/** Says when some evidence was not fully read; the documents card lists what. */
function PartlyReadNote(props: { documents: ArtifactDetail['documents'] }) {
  const partly = props.documents.filter(d => (d.warnings?.length ?? 0) > 0);
  if (partly.length === 0) return null;
  return (
    <Box display="flex" alignItems="center" mt={1} style={{ gap: 4 }}>
      <WarningIcon fontSize="small" color="error" />
      <Typography variant="body2">
        {partly.length === 1
          ? '1 evidence document was'
          : `${partly.length} evidence documents were`}{' '}
        not fully read; see Evidence documents below.
      </Typography>
    </Box>
  );
}

function NavigationBar(props: { artifactId: string }) {
  const paths = useSupplyChainPaths();
  return (
    <Box display="flex" justifyContent="space-between" mb={2}>
      <Link
        to={paths.overview}
        style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
      >
        <ArrowBackIcon fontSize="small" />
        All artifacts
      </Link>
      <Link
        to={paths.diff(undefined, props.artifactId)}
        style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
      >
        <CompareArrowsIcon fontSize="small" />
        Compare with another artifact
      </Link>
    </Box>
  );
}

/**
 * Everything Maestro knows about one image digest: build facts, release
 * gates per channel, signature and provenance, vulnerabilities by severity,
 * the SBOM, policy results and the raw evidence. Lives at
 * `artifacts/:artifactId` inside the tab, so it can be linked to.
 */
export function ArtifactView(props: {
  entityRef: string;
  /** The entity's release channels, for artifacts without verdicts yet. */
  channels: string[];
}) {
  const { artifactId = '' } = useParams();
  const { value, error } = useArtifact(artifactId);

  if (error) {
    return (
      <>
        <NavigationBar artifactId={artifactId} />
        {error instanceof ResponseError && error.statusCode === 404 ? (
          <EmptyState
            missing="data"
            title="No such artifact"
            description={`Maestro has no artifact ${artifactId}. It may belong to another entity, or the link is wrong.`}
          />
        ) : (
          <ResponseErrorPanel error={error} />
        )}
      </>
    );
  }
  if (!value) {
    return <Progress />;
  }
  if (
    value.entityRef.toLocaleLowerCase('en-US') !==
    props.entityRef.toLocaleLowerCase('en-US')
  ) {
    return (
      <>
        <NavigationBar artifactId={artifactId} />
        <EmptyState
          missing="data"
          title="Artifact of another entity"
          description={`Artifact ${artifactId} belongs to ${value.entityRef}, not to this entity.`}
        />
      </>
    );
  }

  const channels =
    value.verdicts.length > 0
      ? value.verdicts.map(verdict => verdict.channel)
      : props.channels;
  const scanned = value.documents.some(document =>
    carriesFindings(document.kind),
  );

  return (
    <>
      <NavigationBar artifactId={value.id} />
      <Grid container spacing={3} alignItems="flex-start">
        <Grid item xs={12} md={7}>
          <ArtifactHeader artifact={value} />
        </Grid>
        <Grid item xs={12} md={5}>
          <EvidenceVerificationCard
            signatures={value.signatures}
            provenance={value.provenance}
          />
        </Grid>
        <Grid item xs={12}>
          <GateChecklist artifactId={value.id} channels={channels} />
        </Grid>
        <Grid item xs={12}>
          <VulnerabilityList
            artifactId={value.id}
            scanned={scanned}
            exemptionsFor={{ entityRef: value.entityRef, digest: value.digest }}
          />
        </Grid>
        <Grid item xs={12}>
          <SbomTable
            artifactId={value.id}
            componentCount={value.componentCount}
          />
        </Grid>
        <Grid item xs={12}>
          <ArtifactPolicyCard
            entityRef={props.entityRef}
            digest={value.digest}
          />
        </Grid>
        <Grid item xs={12}>
          <EvidenceDocumentsCard documents={value.documents} />
        </Grid>
      </Grid>
    </>
  );
}
