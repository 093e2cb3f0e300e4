export { canonicalJson } from './canonicalJson';
export { computeLedgerHash, LedgerChainVerifier } from './chain';
export type { LedgerBreak, LedgerEntryContent } from './chain';
