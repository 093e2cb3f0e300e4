export { LedgerIntegrityCard } from './LedgerIntegrityCard';
