import { Entity } from '@backstage/catalog-model';
import { alertApiRef } from '@backstage/core-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  MaestroEntitySignal,
  MaestroSignalTopic,
} from '@maestro-conductor/backstage-plugin-maestro-common';
import { act } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router-dom';
import { maestroApiRef } from '../../../api';
import { EntitySupplyChainContent } from '../EntitySupplyChainContent';
import { mockMaestroApi } from '../../../testing/fixtures';

/** Where the tests mount the tab, as an entity page would. Test use only. */
export const TAB_PATH = '/catalog/default/component/payments-api/supply-chain';

/** An entity under Maestro. Test use only. */
export const supplyChainEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    annotations: {
      'maestro.io/image': 'ghcr.io/acme/payments-api',
      'maestro.io/channels': 'dev,staging,prod',
    },
  },
  spec: { type: 'service', owner: 'group:default/payments-team' },
};

/** A signals API whose messages the test sends by hand. Test use only. */
export function manualSignalApi() {
  const listeners = new Set<(message: MaestroEntitySignal) => void>();
  const api: SignalApi = {
    subscribe: (_name, onMessage) => {
      const listener = onMessage as unknown as (
        message: MaestroEntitySignal,
      ) => void;
      listeners.add(listener);
      return { unsubscribe: () => listeners.delete(listener) };
    },
  };
  const send = (topic: MaestroSignalTopic) =>
    act(() =>
      listeners.forEach(listener =>
        listener({
          topic,
          entityRef: 'component:default/payments-api',
          at: '2026-11-23T10:05:00.000Z',
        }),
      ),
    );
  return { api, send, listeners };
}

function CurrentLocation() {
  const location = useLocation();
  return (
    <output aria-label="Current location">
      {location.pathname}
      {location.search}
    </output>
  );
}

/**
 * Renders the Supply chain tab mounted at {@link TAB_PATH}, opened at
 * `subPath` (e.g. `/artifacts/art-1`). The current location is shown in
 * an output named "Current location". Test use only.
 */
export async function renderSupplyChainTab(
  api: ReturnType<typeof mockMaestroApi>,
  options: {
    subPath?: string;
    entity?: Entity;
    signalApi?: SignalApi;
  } = {},
) {
  const alertApi = { post: jest.fn(), alert$: jest.fn() };
  const signals = manualSignalApi();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [maestroApiRef, api],
        [signalApiRef, options.signalApi ?? signals.api],
        [alertApiRef, alertApi],
      ]}
    >
      <EntityProvider entity={options.entity ?? supplyChainEntity}>
        <Routes>
          <Route
            path={`${TAB_PATH}/*`}
            element={<EntitySupplyChainContent />}
          />
        </Routes>
        <CurrentLocation />
      </EntityProvider>
    </TestApiProvider>,
    {
      routeEntries: [`${TAB_PATH}${options.subPath ?? ''}`],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return { alertApi, signals };
}
