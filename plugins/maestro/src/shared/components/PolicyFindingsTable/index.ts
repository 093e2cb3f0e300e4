export { PolicyFindingsTable } from './PolicyFindingsTable';
