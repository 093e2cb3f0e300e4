import { Table, TableColumn } from '@backstage/core-components';
import { PolicyFinding } from '@maestro-conductor/backstage-plugin-maestro-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { ExemptionExpiry } from '../ExemptionExpiry';
import { PolicySeverity } from '../PolicySeverity';
import { formatPolicyLocation } from './policyLocation';

const PAGE_SIZE = 10;

/** Findings that block first, then warnings, then what an exemption covers. */
function rank(finding: PolicyFinding): number {
  const exempted = finding.exemption?.status === 'active';
  return (exempted ? 2 : 0) + (finding.severity === 'deny' ? 0 : 1);
}

function ExemptionCell(props: { finding: PolicyFinding }) {
  const { exemption } = props.finding;
  if (!exemption) {
    return (
      <Typography variant="body2" color="textSecondary">
        none
      </Typography>
    );
  }
  return (
    <Typography variant="body2" component="div">
      {exemption.status === 'active' && 'exempted, expires '}
      <ExemptionExpiry
        expiresAt={exemption.expiresAt}
        status={exemption.status}
      />
      <Typography variant="caption" color="textSecondary" component="div">
        {exemption.ticket} · {exemption.owner}
      </Typography>
    </Typography>
  );
}

// Built per table: material-table keeps its sort state on the column objects.
function findingColumns(
  onExempt?: (finding: PolicyFinding) => void,
): TableColumn<PolicyFinding>[] {
  const columns: TableColumn<PolicyFinding>[] = [
    {
      title: 'Rule',
      field: 'ruleId',
      render: finding => (
        <span
          style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}
          title={finding.title}
        >
          {finding.ruleId}
        </span>
      ),
    },
    {
      title: 'Severity',
      field: 'severity',
      render: finding => <PolicySeverity severity={finding.severity} />,
    },
    {
      title: 'Location',
      sorting: false,
      render: finding => (
        <span style={{ fontFamily: 'monospace', fontSize: '0.85em' }}>
          {formatPolicyLocation(finding.location)}
        </span>
      ),
    },
    {
      title: 'Message',
      field: 'message',
      render: finding => (
        <>
          <Typography variant="body2">{finding.message}</Typography>
          <Typography variant="caption" color="textSecondary">
            {finding.remediation}
          </Typography>
        </>
      ),
    },
    {
      title: 'Exemption',
      sorting: false,
      render: finding => <ExemptionCell finding={finding} />,
    },
  ];
  if (onExempt) {
    columns.push({
      title: 'Actions',
      sorting: false,
      // An active exemption already covers the finding; an expired one
      // can be renewed.
      render: finding =>
        finding.exemption?.status !== 'active' && (
          <Button
            size="small"
            color="primary"
            aria-label={`Exempt ${finding.ruleId} at ${formatPolicyLocation(
              finding.location,
            )}`}
            onClick={() => onExempt(finding)}
          >
            Exempt…
          </Button>
        ),
    });
  }
  return columns;
}

/**
 * The findings of one policy report, the ones that block release first.
 * With `onExempt`, each finding not covered by an active exemption offers
 * an "Exempt…" action.
 */
export function PolicyFindingsTable(props: {
  findings: PolicyFinding[];
  onExempt?: (finding: PolicyFinding) => void;
}) {
  const { onExempt } = props;
  const columns = useMemo(() => findingColumns(onExempt), [onExempt]);
  const findings = useMemo(
    () => [...props.findings].sort((a, b) => rank(a) - rank(b)),
    [props.findings],
  );

  return (
    <Table<PolicyFinding>
      title="Findings"
      columns={columns}
      data={findings}
      style={{ boxShadow: 'none' }}
      options={{
        padding: 'dense',
        search: false,
        paging: findings.length > PAGE_SIZE,
        pageSize: PAGE_SIZE,
      }}
      emptyContent={
        <Typography color="textSecondary" style={{ padding: 16 }}>
          No findings: every rule passed.
        </Typography>
      }
    />
  );
}
