import { Entity } from '@backstage/catalog-model';
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
import {
  buildRun,
  buildStage,
  digestOf,
  mockMaestroApi,
} from '../../../testing/fixtures';
import { EntityBuildsContent } from '../EntityBuildsContent';

/** Where the tests mount the tab, as an entity page would. Test use only. */
export const TAB_PATH = '/catalog/default/component/payments-api/builds';

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

/**
 * A run through every stage, reported out of order and with one extra
 * stage, `smoke`: tests failed, scan found criticals, the signature did
 * not verify, policy denied, deploy made a preview, e2e still queued.
 * Test use only.
 */
export function pipelineRun(fields: Parameters<typeof buildRun>[0] = {}) {
  return buildRun({
    status: 'failed',
    imageDigest: digestOf('b'),
    previewUrl: 'https://pr-57.preview.acme.dev',
    stages: [
      buildStage({ name: 'smoke', status: 'skipped', durationMs: undefined }),
      buildStage({ name: 'e2e', status: 'queued', durationMs: undefined }),
      buildStage({
        name: 'deploy',
        status: 'succeeded',
        durationMs: 45_000,
        previewUrl: 'https://pr-57.preview.acme.dev',
      }),
      buildStage({
        name: 'policy',
        status: 'failed',
        durationMs: 3_000,
        policy: { passed: false, denied: 2, warnings: 1 },
      }),
      buildStage({
        name: 'sign',
        status: 'failed',
        durationMs: 4_000,
        signature: { verified: false, reason: 'no sigstore bundle' },
      }),
      buildStage({
        name: 'scan',
        status: 'succeeded',
        durationMs: 30_000,
        scan: {
          critical: 2,
          high: 5,
          medium: 1,
          low: 0,
          reportUrl: 'https://ci.acme.dev/scan/9001',
        },
        sbomUrl: 'https://ci.acme.dev/sbom/9001.cdx.json',
      }),
      buildStage({ name: 'build', status: 'succeeded', durationMs: 150_000 }),
      buildStage({
        name: 'test',
        status: 'failed',
        durationMs: 80_000,
        url: 'https://github.com/acme/payments-api/actions/runs/9001/job/2',
        tests: {
          passed: 48,
          failed: 2,
          skipped: 1,
          failures: [
            {
              name: 'RefundService refunds a partial capture',
              message: 'expected 50 to equal 25',
            },
            { name: 'RefundService rejects a refund above the capture' },
          ],
          reportUrl: 'https://ci.acme.dev/tests/9001',
        },
      }),
      buildStage({ name: 'lint', status: 'succeeded', durationMs: 12_000 }),
    ],
    ...fields,
  });
}

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
  return <output aria-label="Current location">{location.pathname}</output>;
}

/**
 * Renders the Builds tab mounted at {@link TAB_PATH}, opened at `subPath`
 * (e.g. `/pull-requests/57`), with a signals API the test drives unless
 * `withoutSignals`. The current location is shown in an output named
 * "Current location". Test use only.
 */
export async function renderBuildsTab(
  api: ReturnType<typeof mockMaestroApi>,
  options: { subPath?: string; entity?: Entity; withoutSignals?: boolean } = {},
) {
  const signals = manualSignalApi();
  const tab = (
    <EntityProvider entity={options.entity ?? buildsEntity}>
      <Routes>
        <Route path={`${TAB_PATH}/*`} element={<EntityBuildsContent />} />
      </Routes>
      <CurrentLocation />
    </EntityProvider>
  );
  await renderInTestApp(
    options.withoutSignals ? (
      <TestApiProvider apis={[[maestroApiRef, api]]}>{tab}</TestApiProvider>
    ) : (
      <TestApiProvider
        apis={[
          [maestroApiRef, api],
          [signalApiRef, signals.api],
        ]}
      >
        {tab}
      </TestApiProvider>
    ),
    {
      routeEntries: [`${TAB_PATH}${options.subPath ?? ''}`],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return { signals };
}
