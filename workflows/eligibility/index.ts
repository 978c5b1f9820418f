// The workflows of the eligibility task queue: the eligibility worker bundles only these (see
// ../lazy.ts for why a bundle's size matters).
export { eligibilityShard } from './shard';
export { auditRetention } from './retention';
export { guardianDependents } from './dependents';
