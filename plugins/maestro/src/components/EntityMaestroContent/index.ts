export { EntityMaestroContent } from './EntityMaestroContent';
