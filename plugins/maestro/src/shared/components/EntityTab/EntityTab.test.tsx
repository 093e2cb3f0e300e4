import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { MAESTRO_SIGNAL_TOPICS } from '@maestro-conductor/backstage-plugin-maestro-common';
import { screen } from '@testing-library/react';
import { useEntityRefresh } from '../../hooks/entityRefresh';
import {
  buildsEntity,
  manualSignalApi,
} from '../../../__testUtils__/renderEntityTab';
import { EntityTab } from './EntityTab';

function RefreshCount() {
  const { key, isLive } = useEntityRefresh();
  return (
    <output aria-label="Refreshes">
      {key} {isLive ? 'live' : 'polling'}
    </output>
  );
}

async function renderTab(entity = buildsEntity) {
  const signals = manualSignalApi();
  await renderInTestApp(
    <TestApiProvider apis={[[signalApiRef, signals.api]]}>
      <EntityProvider entity={entity}>
        <EntityTab topics={[MAESTRO_SIGNAL_TOPICS.hud]}>
          {({ entityRef }) => (
            <>
              <p>{entityRef}</p>
              <RefreshCount />
            </>
          )}
        </EntityTab>
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return signals;
}

describe('EntityTab', () => {
  it('hands its content the entity ref as Maestro records it', async () => {
    await renderTab({
      ...buildsEntity,
      metadata: { ...buildsEntity.metadata, name: 'Payments-API' },
    });

    expect(
      screen.getByText('component:default/payments-api'),
    ).toBeInTheDocument();
    expect(screen.getByRole('status', { name: 'Refreshes' })).toHaveTextContent(
      '0 live',
    );
  });

  it('refreshes its content on its own topics only', async () => {
    const signals = await renderTab();

    await signals.send(MAESTRO_SIGNAL_TOPICS.supplyChain);
    expect(screen.getByRole('status', { name: 'Refreshes' })).toHaveTextContent(
      '0 live',
    );

    await signals.send(MAESTRO_SIGNAL_TOPICS.hud);
    expect(screen.getByRole('status', { name: 'Refreshes' })).toHaveTextContent(
      '1 live',
    );
  });

  it('asks for the maestro.io/image annotation on entities without it', async () => {
    const signals = await renderTab({
      ...buildsEntity,
      metadata: { name: 'plain-service' },
    });

    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(screen.queryByRole('status', { name: 'Refreshes' })).toBeNull();
    expect(signals.listeners.size).toBe(0);
  });
});
