export * from './event-envelope';
export * from './event-contract';
export * from './streams';
export * from './activities/activity-scheduled.v1';
export * from './identity/identity-events.v1';
export { ALL_CONTRACTS, contractFor } from './registry';
