export { PolicySeverity } from './PolicySeverity';
