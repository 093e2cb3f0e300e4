export { LedgerTable } from './LedgerTable';
export type { LedgerTableProps } from './LedgerTable';
