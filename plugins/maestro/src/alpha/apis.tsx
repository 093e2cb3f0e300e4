import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { MaestroClient, maestroApiRef } from '../api';

/** `api:maestro`: the Maestro backend client. */
export const maestroApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: maestroApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MaestroClient({ discoveryApi, fetchApi }),
    }),
});
