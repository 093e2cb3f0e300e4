import { createRouteRef } from '@backstage/core-plugin-api';

/** The Maestro portal page. */
export const rootRouteRef = createRouteRef({ id: 'maestro' });
