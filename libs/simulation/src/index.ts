export {
  simulateYear,
  type AcknowledgedRegistration,
  type SimulationOptions,
  type SimulationResult,
  type StaffRole,
} from './simulation';
export {
  planYear,
  amsterdamIso,
  type YearPlan,
  type ActivityPlan,
  type RegistrationPlan,
  type AdvicePlan,
  type Fate,
} from './plan';
export { ActivityModel, ReferenceBook, type Outcome } from './model';
export {
  expectedFigures,
  reportFigures,
  compare,
  type Figure,
  type ProgrammeDefinition,
  type PublishedItem,
} from './truth';
export { Random } from './random';
export { printResult, SEED_PROGRAMME_PATH } from './summary';
