/**
 * The one test backend for Maestro's HTTP behaviour: the whole plugin in
 * `startTestBackend`, with the catalog, signals and notifications replaced by
 * recorders, and options for what API tests vary (database, entities,
 * permissions, root config, the events backend with its GitHub module, extra
 * features). Test use only.
 */
import {
  BackendFeature,
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import eventsPlugin from '@backstage/plugin-events-backend';
import {
  DefaultEventsService,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { Knex } from 'knex';
import { dirname, join } from 'node:path';
import { maestroPlugin } from '../plugin';

/** The demo service most API tests act on. */
export const PAYMENTS_API = 'component:default/payments-api';

/** A `Component` of kind service, owned by the payments team unless `spec` says otherwise. */
export const component = (
  name: string,
  annotations: Record<string, string> = {},
  spec: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:payments-team',
    ...spec,
  },
});

/** payments-api, built into ghcr.io/acme/payments-api, released to dev and prod. */
export const paymentsApi = (spec: Record<string, string> = {}) =>
  component(
    'payments-api',
    {
      'maestro.io/image': 'ghcr.io/acme/payments-api',
      'maestro.io/channels': 'dev,prod',
    },
    spec,
  );

/**
 * The GitHub module's two features (signature-checked ingress, topic router).
 * Its default export loads them with a dynamic import(), which Jest's
 * CommonJS runtime cannot run; the same files are required directly.
 */
const githubModuleFeatures = () => {
  const dist = dirname(
    require.resolve('@backstage/plugin-events-backend-module-github'),
  );
  return [
    require(join(dist, 'service/eventsModuleGithubWebhook.cjs.js')).default,
    require(join(dist, 'service/eventsModuleGithubEventRouter.cjs.js')).default,
  ];
};

export interface MaestroBackendOptions {
  /** The catalog's entities; payments-api alone when absent. */
  entities?: Entity[];
  /** One answer to every permission request (ALLOW when absent)… */
  permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  /** …or a permissions service of the test's own, which wins. */
  permissions?: PermissionsService;
  /** Config under `maestro`. */
  maestro?: JsonObject;
  /** Other roots of the root config (`events`, `catalog`, …). */
  config?: JsonObject;
  /**
   * The events backend and its GitHub module beside Maestro, on a database of
   * their own, all plugins sharing one local event bus as in a real backend
   * (the test default gives each plugin a bus of its own). Their config goes
   * under `config.events`. Needs `knex` for Maestro's database.
   */
  withGithubEvents?: { knex: Knex };
  /** More features (service factories, modules) for the test backend. */
  features?: BackendFeature[];
}

export type MaestroBackend = Awaited<ReturnType<typeof startMaestroBackend>>;

/**
 * Starts the Maestro backend plugin in a test backend on `knex` (the test
 * backend's own in-memory SQLite when undefined); see {@link MaestroBackendOptions}.
 */
export async function startMaestroBackend(
  knex?: Knex,
  options: MaestroBackendOptions = {},
) {
  const { withGithubEvents } = options;
  const signals = { publish: jest.fn(async (_: unknown) => {}) };
  const notifications = { send: jest.fn(async (_: unknown) => {}) };
  const features: BackendFeature[] = [
    maestroPlugin,
    mockServices.rootConfig.factory({
      data: { ...options.config, maestro: options.maestro ?? {} },
    }),
    options.permissions
      ? createServiceFactory({
          service: coreServices.permissions,
          deps: {},
          factory: () => options.permissions!,
        })
      : mockServices.permissions.factory({
          result: options.permission ?? AuthorizeResult.ALLOW,
        }),
    catalogServiceMock.factory({
      entities: options.entities ?? [paymentsApi()],
    }),
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
    ...(options.features ?? []),
  ];
  if (withGithubEvents) {
    if (!knex) {
      throw new Error('withGithubEvents needs a database for Maestro too');
    }
    const events = DefaultEventsService.create({
      logger: mockServices.logger.mock(),
      useEventBus: 'never',
    });
    features.push(
      eventsPlugin,
      ...githubModuleFeatures(),
      createServiceFactory({
        service: coreServices.database,
        deps: { plugin: coreServices.pluginMetadata },
        factory: ({ plugin }) =>
          mockServices.database({
            knex: plugin.getId() === 'maestro' ? knex : withGithubEvents.knex,
          }),
      }),
      createServiceFactory({
        service: eventsServiceRef,
        deps: {},
        factory: () => events,
      }),
    );
  } else if (knex) {
    features.push(mockServices.database.factory({ knex }));
  }
  const { server } = await startTestBackend({ features });
  return { server, signals, notifications };
}
