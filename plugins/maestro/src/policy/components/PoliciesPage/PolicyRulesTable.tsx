import {
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { PolicyRuleSummary } from '@maestro-conductor/backstage-plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import { useMemo } from 'react';
import { usePolicyRules } from '../../hooks/usePolicyRules';
import { PolicySeverity } from '../../../shared/components/PolicySeverity';

const PAGE_SIZE = 20;

function plural(count: number, noun: string) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** "3 findings in 2 evaluations", or that the rule never fired. */
export function firedText(rule: PolicyRuleSummary): string {
  if (rule.fired === 0) {
    return 'Not fired';
  }
  return `${plural(rule.fired, 'finding')} in ${plural(
    rule.evaluations,
    'evaluation',
  )}`;
}

// Built per table: material-table keeps its sort state on the column objects.
function ruleColumns(): TableColumn<PolicyRuleSummary>[] {
  return [
    {
      title: 'ID',
      field: 'id',
      highlight: true,
      render: rule => (
        <span style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>
          {rule.id}
        </span>
      ),
    },
    { title: 'Kind', field: 'kind' },
    {
      title: 'Severity',
      field: 'severity',
      render: rule => <PolicySeverity severity={rule.severity} />,
    },
    {
      title: 'Title',
      field: 'title',
      render: rule => <span title={rule.remediation}>{rule.title}</span>,
    },
    {
      title: 'Fired',
      field: 'fired',
      type: 'numeric',
      defaultSort: 'desc',
      render: rule => (
        <Typography
          variant="body2"
          color={rule.fired === 0 ? 'textSecondary' : 'textPrimary'}
        >
          {firedText(rule)}
        </Typography>
      ),
    },
  ];
}

function RuleDetail(props: { rule: PolicyRuleSummary }) {
  const { rule } = props;
  return (
    <Box px={9} py={2}>
      <Typography variant="subtitle2">Why</Typography>
      <Typography variant="body2" paragraph>
        {rule.rationale}
      </Typography>
      <Typography variant="subtitle2">How to fix</Typography>
      <Typography variant="body2" paragraph>
        {rule.remediation}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {rule.scope === 'set'
          ? 'Checks all inputs of its kind together'
          : 'Checks each resource on its own'}
        {` · profiles: ${rule.profiles?.join(', ') ?? 'all'}`}
        {` · from ${rule.origin}`}
      </Typography>
    </Box>
  );
}

/**
 * The rules the policy engine enforces and how often each fired across
 * stored evaluations. A row opens to its rationale and remediation; the
 * search box filters on ID, kind, severity and title.
 */
export function PolicyRulesTable() {
  const { value, loading, error, retry } = usePolicyRules();
  const columns = useMemo(ruleColumns, []);

  if (error) {
    return <ResponseErrorPanel error={error} />;
  }

  const rules = value ?? [];
  return (
    <Table<PolicyRuleSummary>
      title="Rules"
      subtitle="Search by ID, kind (dockerfile, kubernetes) or severity (deny, warn)"
      columns={columns}
      data={rules}
      isLoading={loading && !value}
      detailPanel={({ rowData }) => <RuleDetail rule={rowData} />}
      options={{
        padding: 'dense',
        search: true,
        paging: rules.length > PAGE_SIZE,
        pageSize: PAGE_SIZE,
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
          The backend enforces no policy rules.
        </Typography>
      }
    />
  );
}
