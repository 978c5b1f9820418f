// Every workflow of the project, for a worker that serves both task queues (tests); the production
// worker bundles each task queue's set apart (./onboarding, ./eligibility).
export * from './onboarding';
export * from './eligibility';
