// The workflows of the eligibility task queue: the eligibility worker bundles only these, since every
// check's run evaluates its bundle's modules again (see ../lazy.ts).
export { loginEligibility } from './workflow';
export { auditRetention } from './retention';
export { guardianDependents } from './dependents';
