import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
} from '@backstage/core-components';
import {
  MAESTRO_SIGNAL_TOPICS,
  MaestroEntitySignal,
  PolicyFinding,
  StoredPolicyEvaluation,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { useCallback, useState } from 'react';
import { useEntityOwner } from '../../../shared/hooks/useEntityOwner';
import { useEntitySignal } from '../../../shared/hooks/useEntitySignal';
import { useLatestPolicyEvaluation } from '../../hooks/useLatestPolicyEvaluation';
import { usePolicyExemptions } from '../../hooks/usePolicyExemptions';
import {
  AddExemptionButton,
  ExemptionManageAccess,
} from '../../../shared/components/ExemptionDialog';
import {
  ExemptionSelector,
  PolicyExemptionDialog,
  selectorOfFinding,
} from '../PolicyExemptionDialog';
import { Timestamp } from '../../../shared/components/Timestamp';
import { ActiveExemptionsList } from './ActiveExemptionsList';
import { PolicyFindingsTable } from '../../../shared/components/PolicyFindingsTable/PolicyFindingsTable';

const SHORT_DIGEST_LENGTH = 19; // `sha256:` and 12 hex digits

function plural(count: number, noun: string) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function EvaluationSummary(props: { evaluation: StoredPolicyEvaluation }) {
  const { evaluation } = props;
  const { passed, summary, profile } = evaluation.report;
  return (
    <Box mb={2}>
      <Typography variant="h6" component="p">
        {passed ? (
          <StatusOK>Passed</StatusOK>
        ) : (
          <StatusError>
            Failed: {plural(summary.deny, 'deny finding')} block release
          </StatusError>
        )}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Evaluated <Timestamp value={evaluation.evaluatedAt} /> by{' '}
        {evaluation.evaluatedBy} ({evaluation.source}), {profile} profile
        {evaluation.imageDigest && (
          <>
            {', image '}
            <span
              style={{ fontFamily: 'monospace' }}
              title={evaluation.imageDigest}
            >
              {evaluation.imageDigest.slice(0, SHORT_DIGEST_LENGTH)}
            </span>
          </>
        )}
      </Typography>
      <Box display="flex" flexWrap="wrap" mt={1} style={{ gap: 4 }}>
        <Chip size="small" label={`${summary.deny} deny`} />
        <Chip size="small" label={`${summary.warn} warn`} />
        <Chip size="small" label={`${summary.exempted} exempted`} />
        <Chip
          size="small"
          color={summary.expiredExemptions > 0 ? 'secondary' : 'default'}
          label={plural(summary.expiredExemptions, 'expired exemption')}
        />
      </Box>
    </Box>
  );
}

function LatestEvaluation(props: {
  loading: boolean;
  error?: Error;
  evaluation: StoredPolicyEvaluation | null | undefined;
  onExempt?: (finding: PolicyFinding) => void;
}) {
  const { loading, error, evaluation, onExempt } = props;
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (evaluation === undefined) {
    return loading ? <Progress /> : null;
  }
  if (evaluation === null) {
    // EmptyState's illustration overflows its grid; clip it so it does not
    // cover (and swallow clicks on) the exemption buttons below.
    return (
      <Box position="relative" overflow="hidden">
        <EmptyState
          missing="data"
          title="No policy evaluation yet"
          description="Maestro stores an evaluation whenever CI, the scaffolder or a promotion checks this entity's Dockerfiles and Kubernetes manifests against its policy rules. The latest one will show here."
        />
      </Box>
    );
  }
  return (
    <>
      <EvaluationSummary evaluation={evaluation} />
      <PolicyFindingsTable
        findings={evaluation.report.findings}
        onExempt={onExempt}
      />
    </>
  );
}

/** What the exemption dialog starts from; `{}` for a blank form. */
type ExemptionTarget = { ruleId?: string; selector?: ExemptionSelector };

/**
 * The entity's standing against Maestro's policy rules: its latest stored
 * evaluation with the findings and where they are, and the exemptions that
 * currently apply. Refetches when Maestro signals a policy change for it.
 * People allowed `maestro.exemption.manage` on the entity can add an
 * exemption (blank, or from a finding) and revoke active ones.
 */
export function EntityPolicyCard(props: { entityRef: string }) {
  const { entityRef } = props;
  const evaluation = useLatestPolicyEvaluation(entityRef);
  const exemptions = usePolicyExemptions({ entityRef, status: 'active' });
  const owner = useEntityOwner(entityRef);
  const [target, setTarget] = useState<ExemptionTarget>();

  const { retry: retryEvaluation } = evaluation;
  const { retry: retryExemptions } = exemptions;
  const refresh = useCallback(() => {
    retryEvaluation();
    retryExemptions();
  }, [retryEvaluation, retryExemptions]);
  const onChange = useCallback(
    (signal?: MaestroEntitySignal) => {
      // Without a message this is the polling fallback.
      if (!signal || signal.topic === MAESTRO_SIGNAL_TOPICS.policy) {
        refresh();
      }
    },
    [refresh],
  );
  useEntitySignal(entityRef, onChange);

  const onExempt = useCallback(
    (finding: PolicyFinding) =>
      setTarget({
        ruleId: finding.ruleId,
        selector: selectorOfFinding(finding),
      }),
    [],
  );

  return (
    <ExemptionManageAccess entityRef={entityRef}>
      {access => (
        <InfoCard
          title="Policy"
          subheader="Latest evaluation of the entity's Dockerfiles and manifests"
        >
          <LatestEvaluation
            loading={evaluation.loading}
            error={evaluation.error}
            evaluation={evaluation.value}
            onExempt={access.allowed ? onExempt : undefined}
          />
          <Box
            mt={3}
            display="flex"
            alignItems="center"
            justifyContent="space-between"
          >
            <Typography variant="subtitle1" component="h3">
              Active exemptions
            </Typography>
            <AddExemptionButton access={access} onClick={() => setTarget({})} />
          </Box>
          {exemptions.error ? (
            <ResponseErrorPanel error={exemptions.error} />
          ) : (
            exemptions.value && (
              <ActiveExemptionsList
                exemptions={exemptions.value}
                onRevoked={access.allowed ? refresh : undefined}
              />
            )
          )}
          {target && access.allowed && (
            <PolicyExemptionDialog
              entityRef={entityRef}
              ruleId={target.ruleId}
              selector={target.selector}
              defaultOwner={owner}
              onClose={() => setTarget(undefined)}
              onCreated={() => {
                setTarget(undefined);
                refresh();
              }}
            />
          )}
        </InfoCard>
      )}
    </ExemptionManageAccess>
  );
}
