/*
 * The Maestro developer portal backend (new backend system). Wiring only:
 * every capability lives in a plugin package.
 */
import { createBackend } from '@backstage/backend-defaults';
import { demoSignInModule } from './auth/demoSignInModule';
import { eventsJsonBodyParserModule } from './events/jsonBodyParserModule';
import { catalogAllowedLocationTypesModule } from './catalog/allowedLocationTypesModule';
import { maestroPermissionPolicyModule } from './permissions/permissionPolicyModule';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Sign-in: the guest provider for local use (see app-config.yaml).
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// Demo users (owner, team member, outsider, admin) for trying permissions.
backend.add(demoSignInModule);

// Catalog, with the entity model of the scaffolder (Template kind).
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(catalogAllowedLocationTypesModule);

// Scaffolder, with Maestro's golden-path actions. The GitHub module adds
// publish:github for portals with a GitHub integration (see README).
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import(
    '@maestro-conductor/backstage-plugin-scaffolder-backend-module-maestro'
  ),
);

// Permissions, decided by Maestro's policy (owners and admins may act).
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(maestroPermissionPolicyModule);

// Search, with the catalog collator; PostgreSQL search engine in production.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-kubernetes-backend'));

// Events (webhooks), live updates and notifications.
backend.add(import('@backstage/plugin-events-backend'));
// Signature-checked GitHub webhooks on /api/events/http/github (Build HUD).
backend.add(import('@backstage/plugin-events-backend-module-github'));
// Malformed JSON gets 400, not the ingress's 500 (upstream workaround).
backend.add(eventsJsonBodyParserModule);
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));

// Maestro.
backend.add(import('@maestro-conductor/backstage-plugin-maestro-backend'));

backend.start();
