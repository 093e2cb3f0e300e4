import {
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { PolicyExemptionRecord } from '@maestro-conductor/backstage-plugin-maestro-common';
import Typography from '@material-ui/core/Typography';
import { alpha, useTheme } from '@material-ui/core/styles';
import RefreshIcon from '@material-ui/icons/Refresh';
import { useEffect, useMemo, useRef } from 'react';
import { usePolicyExemptions } from '../../hooks/usePolicyExemptions';
import { ExemptionManageAccess } from '../../../shared/components/ExemptionDialog';
import { RevokePolicyExemptionButton } from '../PolicyExemptionDialog';
import {
  DuplicateExemption,
  policyExemptionDuplicates,
} from '../DuplicateExemption';
import {
  ExemptionExpiry,
  exemptionState,
} from '../../../shared/components/ExemptionExpiry';

const PAGE_SIZE = 20;

/** A listed exemption, with the older identical one it duplicates, if any. */
type ExemptionRow = PolicyExemptionRecord & {
  duplicateOf?: PolicyExemptionRecord;
};

/** Which exemptions the table shows; `all` sends no status filter. */
export type ExemptionFilter = PolicyExemptionRecord['status'] | 'all';

/**
 * Revoke for an active exemption, shown only to people who may manage the
 * exemptions of its entity.
 */
function RevokeCell(props: {
  exemption: PolicyExemptionRecord;
  onRevoked: () => void;
}) {
  if (exemptionState(props.exemption) !== 'active') {
    return null;
  }
  return (
    <ExemptionManageAccess entityRef={props.exemption.entityRef}>
      {access =>
        access.allowed && (
          <RevokePolicyExemptionButton
            exemption={props.exemption}
            onRevoked={props.onRevoked}
          />
        )
      }
    </ExemptionManageAccess>
  );
}

// Built per table: material-table keeps its sort state on the column objects.
function exemptionColumns(onRevoked: () => void): TableColumn<ExemptionRow>[] {
  return [
    {
      title: 'Rule',
      field: 'ruleId',
      render: exemption => (
        <span style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>
          {exemption.ruleId}
        </span>
      ),
    },
    {
      title: 'Entity',
      field: 'entityRef',
      render: exemption => (
        <EntityRefLink
          entityRef={exemption.entityRef}
          defaultKind="component"
        />
      ),
    },
    {
      title: 'Owner',
      field: 'owner',
      render: exemption => (
        <EntityRefLink entityRef={exemption.owner} defaultKind="group" />
      ),
    },
    {
      title: 'Reason',
      field: 'reason',
      render: exemption => (
        <>
          {exemption.reason}
          {exemption.duplicateOf && (
            <Typography variant="body2" component="div">
              <DuplicateExemption original={exemption.duplicateOf} />
            </Typography>
          )}
        </>
      ),
    },
    { title: 'Ticket', field: 'ticket' },
    {
      title: 'Expires',
      field: 'expiresAt',
      defaultSort: 'asc',
      render: exemption => (
        <ExemptionExpiry
          expiresAt={exemption.expiresAt}
          status={exemption.status}
          revokedAt={exemption.revokedAt}
        />
      ),
    },
    {
      title: 'Actions',
      sorting: false,
      render: exemption => (
        <RevokeCell exemption={exemption} onRevoked={onRevoked} />
      ),
    },
  ];
}

/**
 * Stored exemptions from policy rules, soonest expiry first, with expired
 * ones highlighted: they no longer suppress findings.
 */
export function PolicyExemptionsTable(props: { filter: ExemptionFilter }) {
  const status = props.filter === 'all' ? undefined : props.filter;
  const { value, loading, error, retry } = usePolicyExemptions({ status });
  // `retry` changes with the loading state; the columns must not, or the
  // table would forget how it is sorted.
  const latestRetry = useRef(retry);
  useEffect(() => {
    latestRetry.current = retry;
  }, [retry]);
  const columns = useMemo(
    () => exemptionColumns(() => latestRetry.current()),
    [],
  );
  const theme = useTheme();
  // Memoized: the table resets its page when it is handed new row objects.
  const rows = useMemo<ExemptionRow[]>(() => {
    const listed = value ?? [];
    const duplicates = policyExemptionDuplicates(listed);
    return listed.map(exemption => ({
      ...exemption,
      duplicateOf: duplicates.get(exemption.id),
    }));
  }, [value]);

  if (error) {
    return <ResponseErrorPanel error={error} />;
  }

  return (
    <Table<ExemptionRow>
      title="Exemptions"
      subtitle="Each names an owner, a reason, a ticket and an expiry"
      columns={columns}
      data={rows}
      isLoading={loading}
      options={{
        padding: 'dense',
        search: true,
        paging: rows.length > PAGE_SIZE,
        pageSize: PAGE_SIZE,
        rowStyle: (exemption: ExemptionRow) =>
          exemptionState(exemption) === 'expired'
            ? { backgroundColor: alpha(theme.palette.error.main, 0.08) }
            : {},
      }}
      actions={[
        {
          icon: () => <RefreshIcon />,
          tooltip: 'Reload',
          isFreeAction: true,
          onClick: () => retry(),
        },
      ]}
      emptyContent={
        <Typography color="textSecondary" style={{ padding: 16 }}>
          {status ? `No ${status} exemptions.` : 'No exemptions recorded.'}
        </Typography>
      }
    />
  );
}
