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
import { ReactElement } from 'react';
import { Route, Routes, useLocation } from 'react-router-dom';
import { maestroApiRef } from '../api';
import { mockMaestroApi } from '../testing/fixtures';
import { EntityBuildsContent } from '../hud/components/EntityBuildsContent';
import { EntitySupplyChainContent } from '../supplyChain/components/EntitySupplyChainContent';

/** A signals API whose messages the test sends by hand. Test use only. */
export function manualSignalApi() {
  const listeners = new Set<(message: MaestroEntitySignal) => void>();
  const api: SignalApi = {
    subscribe: (_channel, onMessage) => {
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

/** How {@link renderEntityTab} opens a tab. Test use only. */
export type EntityTabRenderOptions = {
  /** Appended to the tab's path, e.g. `/artifacts/art-1`. */
  subPath?: string;
  entity?: Entity;
  /** Replaces the signals API the test drives through `signals`. */
  signalApi?: SignalApi;
  /** Renders as in an app without the signals plugin. */
  withoutSignals?: boolean;
};

/**
 * Renders an entity tab mounted at `tabPath`, as an entity page would, for
 * `entity`, opened at `options.subPath`. Unless `withoutSignals`, the app
 * has a signals API the test drives through the returned `signals`; alerts
 * go to the returned `alertApi`. The current location (path and query) is
 * shown in an output named "Current location". Test use only.
 */
export async function renderEntityTab(
  tab: { content: ReactElement; path: string; entity: Entity },
  api: ReturnType<typeof mockMaestroApi>,
  options: EntityTabRenderOptions = {},
) {
  const alertApi = { post: jest.fn(), alert$: jest.fn() };
  const signals = manualSignalApi();
  const content = (
    <EntityProvider entity={options.entity ?? tab.entity}>
      <Routes>
        <Route path={`${tab.path}/*`} element={tab.content} />
      </Routes>
      <CurrentLocation />
    </EntityProvider>
  );
  await renderInTestApp(
    options.withoutSignals ? (
      <TestApiProvider
        apis={[
          [maestroApiRef, api],
          [alertApiRef, alertApi],
        ]}
      >
        {content}
      </TestApiProvider>
    ) : (
      <TestApiProvider
        apis={[
          [maestroApiRef, api],
          [signalApiRef, options.signalApi ?? signals.api],
          [alertApiRef, alertApi],
        ]}
      >
        {content}
      </TestApiProvider>
    ),
    {
      routeEntries: [`${tab.path}${options.subPath ?? ''}`],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return { alertApi, signals };
}

/** Where the tests mount the Builds tab. Test use only. */
export const BUILDS_TAB_PATH = '/catalog/default/component/payments-api/builds';

/** An entity under Maestro. Test use only. */
export const buildsEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    annotations: { 'maestro.io/image': 'ghcr.io/acme/payments-api' },
  },
  spec: { type: 'service', owner: 'group:default/payments-team' },
};

/** The Builds tab through {@link renderEntityTab}. Test use only. */
export function renderBuildsTab(
  api: ReturnType<typeof mockMaestroApi>,
  options?: EntityTabRenderOptions,
) {
  return renderEntityTab(
    {
      content: <EntityBuildsContent />,
      path: BUILDS_TAB_PATH,
      entity: buildsEntity,
    },
    api,
    options,
  );
}

/** Where the tests mount the Supply chain tab. Test use only. */
export const SUPPLY_CHAIN_TAB_PATH =
  '/catalog/default/component/payments-api/supply-chain';

/** An entity under Maestro with release channels. Test use only. */
export const supplyChainEntity: Entity = {
  ...buildsEntity,
  metadata: {
    name: 'payments-api',
    annotations: {
      'maestro.io/image': 'ghcr.io/acme/payments-api',
      'maestro.io/channels': 'dev,staging,prod',
    },
  },
};

/** The Supply chain tab through {@link renderEntityTab}. Test use only. */
export function renderSupplyChainTab(
  api: ReturnType<typeof mockMaestroApi>,
  options?: EntityTabRenderOptions,
) {
  return renderEntityTab(
    {
      content: <EntitySupplyChainContent />,
      path: SUPPLY_CHAIN_TAB_PATH,
      entity: supplyChainEntity,
    },
    api,
    options,
  );
}
