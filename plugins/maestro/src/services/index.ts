export { EntityMaestroContent } from './components/EntityMaestroContent';
export { MaestroPage } from './components/MaestroPage';
export type { MaestroPageProps } from './components/MaestroPage';
