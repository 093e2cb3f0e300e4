export { EntityTab } from './EntityTab';
export type { EntityTabContext } from './EntityTab';
