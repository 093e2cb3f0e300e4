import { ResponseErrorPanel } from '@backstage/core-components';
import {
  MAESTRO_SIGNAL_TOPICS,
  MaestroSignalTopic,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import Grid from '@material-ui/core/Grid';
import { useEntityRefresh } from '../../../shared/hooks/entityRefresh';
import { ENTITY_POLL_INTERVAL_MS } from '../../../shared/hooks/useEntitySignal';
import { LedgerTable, useLedger } from '../../../ledger';
import { EntityPolicyCard } from '../../../policy';
import { EntityTab } from '../../../shared/components/EntityTab';
import { MaestroAnnotationsCard } from './MaestroAnnotationsCard';

const ENTITY_LEDGER_LIMIT = 100;

/** Every change Maestro records for the entity lands in its ledger. */
const MAESTRO_TAB_TOPICS: readonly MaestroSignalTopic[] = Object.values(
  MAESTRO_SIGNAL_TOPICS,
);

function EntityLedger(props: { entityRef: string }) {
  const { value, loading, error } = useLedger({
    target: props.entityRef,
    order: 'desc',
    limit: ENTITY_LEDGER_LIMIT,
  });
  const { isLive } = useEntityRefresh();

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
  return (
    <EntityTab topics={MAESTRO_TAB_TOPICS}>
      {({ entity, entityRef }) => (
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
      )}
    </EntityTab>
  );
}
