import {
  CodeSnippet,
  EmptyState,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { EntityRefLink, EntityRefLinks } from '@backstage/plugin-catalog-react';
import {
  MAESTRO_ANNOTATIONS,
  MaestroService,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import { useMemo } from 'react';
import { useMaestroServices } from '../../hooks/useMaestroServices';
import { Timestamp } from '../../../shared/components/Timestamp';

const PAGE_SIZE = 20;

const ANNOTATION_EXAMPLE = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-api
  annotations:
    ${MAESTRO_ANNOTATIONS.image}: ghcr.io/acme/payments-api
    ${MAESTRO_ANNOTATIONS.channels}: dev,staging,prod`;

// Built per table: material-table keeps its sort state on the column objects.
function serviceColumns(): TableColumn<MaestroService>[] {
  return [
    {
      title: 'Service',
      field: 'name',
      highlight: true,
      render: service => (
        <>
          <EntityRefLink
            entityRef={service.entityRef}
            defaultKind="component"
          />
          {service.description && (
            <Typography variant="body2" color="textSecondary">
              {service.description}
            </Typography>
          )}
        </>
      ),
    },
    {
      title: 'Owner',
      field: 'owner',
      render: service =>
        service.owner ? (
          <EntityRefLinks entityRefs={[service.owner]} defaultKind="group" />
        ) : null,
    },
    {
      title: 'System',
      field: 'system',
      render: service =>
        service.system ? (
          <EntityRefLink entityRef={service.system} defaultKind="system" />
        ) : null,
    },
    { title: 'Lifecycle', field: 'lifecycle' },
    {
      title: 'Image',
      field: 'image',
      render: service => (
        <Typography variant="body2" style={{ fontFamily: 'monospace' }}>
          {service.image}
        </Typography>
      ),
    },
    {
      title: 'Channels',
      field: 'channels',
      sorting: false,
      render: service => (
        <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
          {service.channels.map(channel => (
            <Chip key={channel} label={channel} size="small" />
          ))}
        </Box>
      ),
    },
    {
      title: 'Ledger',
      field: 'ledger.entries',
      type: 'numeric',
      render: service => <LedgerActivity ledger={service.ledger} />,
    },
  ];
}

function LedgerActivity(props: { ledger: MaestroService['ledger'] }) {
  const { entries, lastRecordedAt } = props.ledger;
  return (
    <>
      <Typography variant="body2">
        {entries === 1 ? '1 entry' : `${entries} entries`}
      </Typography>
      {lastRecordedAt && (
        <Typography variant="caption" color="textSecondary">
          last <Timestamp value={lastRecordedAt} />
        </Typography>
      )}
    </>
  );
}

/**
 * Every catalog component under Maestro: who owns it, what it ships and
 * how much has happened to it.
 */
export function ServicesTable() {
  const { value, loading, error, retry } = useMaestroServices();
  const columns = useMemo(serviceColumns, []);

  if (error) {
    return <ResponseErrorPanel error={error} />;
  }

  if (value && value.length === 0) {
    return (
      <EmptyState
        missing="field"
        title="No services under Maestro yet"
        description={`Maestro manages components that name the image they ship. Add the ${MAESTRO_ANNOTATIONS.image} annotation to a component's catalog-info.yaml, then refresh the entity in the catalog.`}
        action={
          <CodeSnippet
            language="yaml"
            text={ANNOTATION_EXAMPLE}
            showCopyCodeButton
          />
        }
      />
    );
  }

  const services = value ?? [];
  return (
    <Table<MaestroService>
      title="Services"
      subtitle={`Components annotated with ${MAESTRO_ANNOTATIONS.image}`}
      columns={columns}
      data={services}
      isLoading={loading}
      options={{
        padding: 'dense',
        paging: services.length > PAGE_SIZE,
        pageSize: PAGE_SIZE,
        search: true,
      }}
      actions={[
        {
          icon: () => <RefreshIcon />,
          tooltip: 'Reload',
          isFreeAction: true,
          onClick: () => retry(),
        },
      ]}
    />
  );
}
