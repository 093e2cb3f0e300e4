export { MaestroPage } from './MaestroPage';
export type { MaestroPageProps } from './MaestroPage';
