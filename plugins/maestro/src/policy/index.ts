export { EntityPolicyCard } from './components/EntityPolicyCard';
export { PoliciesPage } from './components/PoliciesPage';
