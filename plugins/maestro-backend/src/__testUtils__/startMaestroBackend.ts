import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { JsonObject } from '@backstage/config';
import { Knex } from 'knex';
import { maestroPlugin } from '../plugin';

/** The demo service most API tests act on. */
export const PAYMENTS_API = 'component:default/payments-api';

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-api',
      annotations: {
        'maestro.io/image': 'ghcr.io/acme/payments-api',
        'maestro.io/channels': 'dev,prod',
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:payments-team',
    },
  },
];

/**
 * The whole Maestro backend plugin in a test backend on `knex`, with the
 * catalog, signals and notifications replaced by recorders.
 */
export async function startMaestroBackend(
  knex: Knex,
  options: {
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    /** `maestro` config. */
    maestro?: JsonObject;
  } = {},
) {
  const signals = { publish: jest.fn(async () => {}) };
  const notifications = { send: jest.fn(async () => {}) };
  const { server } = await startTestBackend({
    features: [
      maestroPlugin,
      mockServices.database.factory({ knex }),
      mockServices.permissions.factory({
        result: options.permission ?? AuthorizeResult.ALLOW,
      }),
      mockServices.rootConfig.factory({
        data: { maestro: options.maestro ?? {} },
      }),
      catalogServiceMock.factory({ entities }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => signals,
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => notifications,
      }),
    ],
  });
  return { server, signals, notifications };
}
