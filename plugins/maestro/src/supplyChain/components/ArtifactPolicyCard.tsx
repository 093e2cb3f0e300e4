import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useArtifactPolicyEvaluation } from '../hooks/useArtifactPolicyEvaluation';
import { PolicyFindingsTable } from '../../shared/components/PolicyFindingsTable/PolicyFindingsTable';
import { Timestamp } from '../../shared/components/Timestamp';

/**
 * The newest policy evaluation stored for this very digest (Dockerfiles and
 * manifests as built into it), with its findings, blocking ones first.
 */
export function ArtifactPolicyCard(props: {
  entityRef: string;
  digest: string;
}) {
  const { value, loading, error } = useArtifactPolicyEvaluation(
    props.entityRef,
    props.digest,
  );

  let content;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (value === undefined) {
    content = loading ? <Progress /> : null;
  } else if (value === null) {
    content = (
      <Typography color="textSecondary">
        No policy evaluation is stored for this digest. CI stores one when it
        evaluates the policy with the image digest it built.
      </Typography>
    );
  } else {
    const { passed, summary } = value.report;
    content = (
      <>
        <Box mb={2}>
          <Typography variant="body1" component="div">
            {passed ? (
              <StatusOK>Passed</StatusOK>
            ) : (
              <StatusError>
                Failed: {summary.deny} deny finding
                {summary.deny === 1 ? '' : 's'}
              </StatusError>
            )}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            Evaluated <Timestamp value={value.evaluatedAt} /> by{' '}
            {value.evaluatedBy} ({value.source}); {summary.warn} warn,{' '}
            {summary.exempted} exempted
          </Typography>
        </Box>
        <PolicyFindingsTable findings={value.report.findings} />
      </>
    );
  }

  return (
    <InfoCard title="Policy results" subheader="For this image digest">
      {content}
    </InfoCard>
  );
}
