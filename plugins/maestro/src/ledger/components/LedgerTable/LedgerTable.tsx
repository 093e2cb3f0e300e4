import { Table, TableColumn } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { LedgerEntry } from '@maestro-conductor/backstage-plugin-maestro-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useMemo } from 'react';
import { Timestamp } from '../../../shared/components/Timestamp';

const SHORT_HASH_LENGTH = 12;
const PAGE_SIZE = 10;

const useStyles = makeStyles({
  mono: { fontFamily: 'monospace', fontSize: '0.85em' },
});

/** Actors that are catalog entities; others (`service:<subject>`) stay text. */
const ACTOR_KINDS = new Set(['user', 'group']);

/**
 * Links values that are full catalog entity refs (`kind:namespace/name`);
 * prints anything else (`maestro:…`, `service:…`) as it is.
 */
function RefOrText(props: { value: string; kinds?: ReadonlySet<string> }) {
  const ref = asEntityRef(props.value);
  if (ref && (!props.kinds || props.kinds.has(ref.kind.toLocaleLowerCase()))) {
    return <EntityRefLink entityRef={ref} />;
  }
  return <>{props.value}</>;
}

function asEntityRef(value: string) {
  if (!/^[^:/]+:[^:/]+\/[^:/]+$/.test(value) || value.startsWith('maestro:')) {
    return undefined;
  }
  try {
    return parseEntityRef(value);
  } catch {
    return undefined;
  }
}

/** Props of {@link LedgerTable}. */
export type LedgerTableProps = {
  title: string;
  subtitle?: string;
  /** Entries in the order to show them; `undefined` while the first load runs. */
  entries: LedgerEntry[] | undefined;
  loading: boolean;
  /** Shown in place of rows when there are none. */
  emptyMessage?: string;
};

/**
 * Entries of the audit ledger: who did what to which target, and the hash
 * that chains the entry to the one before it.
 */
export function LedgerTable(props: LedgerTableProps) {
  const { title, subtitle, entries, loading, emptyMessage } = props;
  const classes = useStyles();

  const columns = useMemo<TableColumn<LedgerEntry>[]>(
    () => [
      {
        title: 'Sequence',
        field: 'sequence',
        type: 'numeric',
        width: '8%',
        render: entry => `#${entry.sequence}`,
      },
      {
        title: 'Time',
        field: 'recordedAt',
        render: entry => <Timestamp value={entry.recordedAt} />,
      },
      {
        title: 'Actor',
        field: 'actor',
        render: entry => <RefOrText value={entry.actor} kinds={ACTOR_KINDS} />,
      },
      {
        title: 'Action',
        field: 'action',
        render: entry => <span className={classes.mono}>{entry.action}</span>,
      },
      {
        title: 'Target',
        field: 'target',
        render: entry => <RefOrText value={entry.target} />,
      },
      {
        title: 'Hash',
        field: 'hash',
        sorting: false,
        render: entry => (
          <span className={classes.mono} title={entry.hash}>
            {entry.hash.slice(0, SHORT_HASH_LENGTH)}
          </span>
        ),
      },
    ],
    [classes],
  );

  const rows = entries ?? [];
  return (
    <Table<LedgerEntry>
      title={title}
      subtitle={subtitle}
      columns={columns}
      data={rows}
      isLoading={loading && !entries}
      options={{
        search: false,
        padding: 'dense',
        paging: rows.length > PAGE_SIZE,
        pageSize: PAGE_SIZE,
        pageSizeOptions: [PAGE_SIZE, 25, 50],
      }}
      emptyContent={
        <Typography color="textSecondary" style={{ padding: 16 }}>
          {emptyMessage ?? 'No ledger entries recorded yet.'}
        </Typography>
      }
    />
  );
}
