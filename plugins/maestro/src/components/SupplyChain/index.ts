export { EntitySupplyChainContent } from './EntitySupplyChainContent';
