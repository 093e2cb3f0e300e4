import { ResponseErrorPanel } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  MAESTRO_ANNOTATIONS,
  isMaestroAvailable,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import Grid from '@material-ui/core/Grid';
import {
  ENTITY_POLL_INTERVAL_MS,
  useEntitySignal,
} from '../../hooks/useEntitySignal';
import { useLedger } from '../../hooks/useLedger';
import { EntityPolicyCard } from '../EntityPolicyCard';
import { LedgerTable } from '../LedgerTable';
import { MaestroAnnotationsCard } from './MaestroAnnotationsCard';

const ENTITY_LEDGER_LIMIT = 100;

function EntityLedger(props: { entityRef: string }) {
  const { value, loading, error, retry } = useLedger({
    target: props.entityRef,
    order: 'desc',
    limit: ENTITY_LEDGER_LIMIT,
  });
  const { isLive } = useEntitySignal(props.entityRef, retry);

  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  return (
    <LedgerTable
      title="Ledger"
      subtitle={
        isLive
          ? 'Live: newest first, updates as Maestro records changes'
          : `Newest first, refreshed every ${
              ENTITY_POLL_INTERVAL_MS / 1000
            } seconds`
      }
      entries={value?.entries}
      loading={loading}
      emptyMessage="Maestro has recorded nothing for this entity yet."
    />
  );
}

/**
 * The Maestro tab of a catalog entity: its Maestro annotations, the ledger
 * entries that target it and its policy standing, kept current through
 * signals.
 */
export function EntityMaestroContent() {
  const { entity } = useEntity();

  if (!isMaestroAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={MAESTRO_ANNOTATIONS.image} />
    );
  }

  // The ledger records targets the way the catalog normalises refs.
  const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  return (
    <Grid container spacing={3} alignItems="flex-start">
      <Grid item xs={12} md={4}>
        <MaestroAnnotationsCard entity={entity} />
      </Grid>
      <Grid item xs={12} md={8}>
        <EntityLedger entityRef={entityRef} />
      </Grid>
      <Grid item xs={12}>
        <EntityPolicyCard entityRef={entityRef} />
      </Grid>
    </Grid>
  );
}
