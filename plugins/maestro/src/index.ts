/**
 * Maestro frontend plugin: the portal page and the catalog entity tab that
 * show the path of every service from commit to production.
 *
 * @packageDocumentation
 */

export { maestroPlugin, MaestroPage, EntityMaestroContent } from './plugin';
export { isMaestroAvailable } from '@maestro-conductor/backstage-plugin-maestro-common';
export { maestroApiRef, MaestroClient } from './api';
export type { LedgerExport, MaestroApi } from './api';
