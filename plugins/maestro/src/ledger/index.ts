export { LedgerExportButton } from './components/LedgerExportButton';
export { LedgerIntegrityCard } from './components/LedgerIntegrityCard';
export { LedgerTable } from './components/LedgerTable';
export type { LedgerTableProps } from './components/LedgerTable';
export { useLedger } from './hooks/useLedger';
