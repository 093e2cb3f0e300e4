export { maestroApiRef } from './MaestroApi';
export type { LedgerExport, MaestroApi } from './MaestroApi';
export { MaestroClient } from './MaestroClient';
