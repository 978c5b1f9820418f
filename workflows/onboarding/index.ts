// The workflows of the onboarding task queue.
export { consortiumOnboarding } from './workflow';
export { membershipMove } from './move-workflow';
export { joiningRoundAnnouncement } from './announcement';
