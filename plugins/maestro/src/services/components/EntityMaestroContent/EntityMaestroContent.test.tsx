import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { MaestroEntitySignal } from '@maestro-conductor/backstage-plugin-maestro-common';
import { act, screen } from '@testing-library/react';
import { maestroApiRef } from '../../../api';
import { ledgerEntry, mockMaestroApi } from '../../../testing/fixtures';
import { EntityMaestroContent } from './EntityMaestroContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'Payments-API',
    annotations: {
      'maestro.io/image': 'ghcr.io/acme/payments-api',
      'maestro.io/helm-chart': 'charts/payments-api',
      'github.com/project-slug': 'acme/payments-api',
    },
  },
  spec: { type: 'service', owner: 'group:default/payments-team' },
};

const channel = 'maestro:entity:component:default/payments-api';

/** A signals API whose messages the test sends by hand. */
function manualSignalApi() {
  // Several views on the tab subscribe to the same channel.
  const listeners = new Map<
    string,
    Set<(message: MaestroEntitySignal) => void>
  >();
  const api: SignalApi = {
    subscribe: (name, onMessage) => {
      const listener = onMessage as unknown as (
        message: MaestroEntitySignal,
      ) => void;
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name)!.add(listener);
      return { unsubscribe: () => listeners.get(name)?.delete(listener) };
    },
  };
  const send = (name: string, message: MaestroEntitySignal) =>
    act(() => listeners.get(name)?.forEach(listener => listener(message)));
  return { api, listeners, send };
}

async function renderTab(
  maestroApi: ReturnType<typeof mockMaestroApi>,
  signalApi: SignalApi,
  subject: Entity = entity,
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [maestroApiRef, maestroApi],
        [signalApiRef, signalApi],
      ]}
    >
      <EntityProvider entity={subject}>
        <EntityMaestroContent />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('EntityMaestroContent', () => {
  it("shows the entity's annotations and the ledger entries that target it", async () => {
    const maestroApi = mockMaestroApi({
      getLedger: jest.fn(async () => ({
        entries: [ledgerEntry(4, { action: 'release.promote' })],
        headSequence: 4,
      })),
    });
    await renderTab(maestroApi, manualSignalApi().api);

    expect(await screen.findByText('release.promote')).toBeInTheDocument();
    expect(maestroApi.getLedger).toHaveBeenCalledWith(
      expect.objectContaining({
        target: 'component:default/payments-api',
        order: 'desc',
      }),
    );
    expect(screen.getByText('ghcr.io/acme/payments-api')).toBeInTheDocument();
    expect(screen.getByText('charts/payments-api')).toBeInTheDocument();
    expect(screen.getByText('acme/payments-api')).toBeInTheDocument();
    expect(screen.getByText('(default)')).toBeInTheDocument();
    expect(screen.getByText(/^Live:/)).toBeInTheDocument();
  });

  it('refetches the ledger when Maestro signals a change to the entity', async () => {
    const getLedger = jest
      .fn()
      .mockResolvedValueOnce({ entries: [ledgerEntry(4)], headSequence: 4 })
      .mockResolvedValueOnce({
        entries: [
          ledgerEntry(5, { action: 'rollout.promote' }),
          ledgerEntry(4),
        ],
        headSequence: 5,
      });
    const signals = manualSignalApi();
    await renderTab(mockMaestroApi({ getLedger }), signals.api);
    expect(await screen.findByText('#4')).toBeInTheDocument();
    expect(screen.queryByText('rollout.promote')).not.toBeInTheDocument();

    await signals.send(channel, {
      topic: 'ledger',
      entityRef: 'component:default/payments-api',
      sequence: 5,
      at: '2026-11-23T10:05:00.000Z',
    });

    expect(await screen.findByText('rollout.promote')).toBeInTheDocument();
    expect(getLedger).toHaveBeenCalledTimes(2);
  });

  it('asks for the maestro.io/image annotation on entities without it', async () => {
    const maestroApi = mockMaestroApi();
    await renderTab(maestroApi, manualSignalApi().api, {
      ...entity,
      metadata: { name: 'plain-service' },
    });

    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(
      screen.getByText('maestro.io/image', { selector: 'code' }),
    ).toBeInTheDocument();
    expect(maestroApi.getLedger).not.toHaveBeenCalled();
  });
});
