// Everything the worker bundles into the workflow sandbox.
export { consortiumOnboarding } from './onboarding/workflow';
export { membershipMove } from './onboarding/move-workflow';
export { joiningRoundAnnouncement } from './onboarding/announcement';
export { loginEligibility } from './eligibility/workflow';
export { auditRetention } from './eligibility/retention';
export { guardianDependents } from './eligibility/dependents';
