export { LedgerExportButton } from './LedgerExportButton';
