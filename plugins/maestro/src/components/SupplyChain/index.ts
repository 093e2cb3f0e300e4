export { EntitySupplyChainContent } from './EntitySupplyChainContent';
export { SupplyChainSummaryTab } from './SupplyChainSummaryTab';
