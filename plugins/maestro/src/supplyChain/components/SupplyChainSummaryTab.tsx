import {
  ContentHeader,
  EmptyState,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { SupplyChainSummary } from '@maestro-conductor/backstage-plugin-maestro-common';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { useSupplyChainSummary } from '../hooks/useSupplyChainSummary';
import { ShortDigest } from '../../shared/components/ArtifactBadges/ArtifactBadges';
import { Sparkline, TrendPoint } from './Sparkline';

/** Days of trend the tab asks for. */
export const SUMMARY_DAYS = 30;
const PAGE_SIZE = 20;

/** A summary item flattened for the table, which sorts on top-level fields. */
type SummaryRow = {
  entityRef: string;
  critical: number;
  high: number;
  latestDigest?: string;
  trend: TrendPoint[];
};

function toRow(item: SupplyChainSummary['items'][number]): SummaryRow {
  return {
    entityRef: item.entityRef,
    critical: item.counts.critical,
    high: item.counts.high,
    latestDigest: item.latestDigest,
    trend: item.trend,
  };
}

// Built per table: material-table keeps its sort state on the column objects.
function summaryColumns(): TableColumn<SummaryRow>[] {
  return [
    {
      title: 'Service',
      field: 'entityRef',
      highlight: true,
      render: row => (
        <EntityRefLink entityRef={row.entityRef} defaultKind="component" />
      ),
    },
    {
      title: 'Critical',
      field: 'critical',
      type: 'numeric',
      defaultSort: 'desc',
    },
    { title: 'High', field: 'high', type: 'numeric' },
    {
      title: `Trend (${SUMMARY_DAYS} days)`,
      sorting: false,
      render: row => <Sparkline trend={row.trend} />,
    },
    {
      title: 'Latest artifact',
      field: 'latestDigest',
      sorting: false,
      render: row =>
        row.latestDigest ? (
          <ShortDigest digest={row.latestDigest} />
        ) : (
          <Typography variant="body2" color="textSecondary">
            none yet
          </Typography>
        ),
    },
  ];
}

/**
 * The Supply chain tab of the Maestro page: critical and high findings of
 * each service's newest artifact, with their daily trend, most critical
 * first.
 */
export function SupplyChainSummaryTab() {
  const { value, loading, error } = useSupplyChainSummary(SUMMARY_DAYS);
  const columns = useMemo(summaryColumns, []);
  const rows = useMemo(() => (value ?? []).map(toRow), [value]);

  let content;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (value && value.length === 0) {
    content = (
      <EmptyState
        missing="data"
        title="No supply-chain evidence yet"
        description="Once CI registers image digests and sends their vulnerability reports to Maestro, each service's critical and high findings show here."
      />
    );
  } else {
    content = (
      <Table<SummaryRow>
        title="Vulnerabilities per service"
        subtitle="Findings of each service's newest artifact; the trend shows critical (solid) and high (dashed) per day"
        columns={columns}
        data={rows}
        isLoading={loading}
        options={{
          padding: 'dense',
          search: true,
          paging: rows.length > PAGE_SIZE,
          pageSize: PAGE_SIZE,
          // Toggle between most and least critical; never back to unsorted.
          thirdSortClick: false,
        }}
      />
    );
  }

  return (
    <>
      <ContentHeader
        title="Supply chain"
        description="Critical and high vulnerabilities in what each service ships, and where they are heading"
      />
      {content}
    </>
  );
}
