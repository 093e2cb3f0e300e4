export { EntitySupplyChainContent } from './components/EntitySupplyChainContent';
export { SupplyChainSummaryTab } from './components/SupplyChainSummaryTab';
