import { MaestroServiceList } from '@maestro-conductor/backstage-plugin-maestro-common';

/**
 * Catalog components under Maestro.
 *
 * @public
 */
export interface ServicesApi {
  /** Catalog components under Maestro (annotated `maestro.io/image`). */
  listServices(): Promise<MaestroServiceList>;
}
