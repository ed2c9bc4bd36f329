export {
  runFaultSuite,
  formatFaultTable,
  type FaultName,
  type FaultRow,
  type FaultSuiteOptions,
  type FaultSuiteResult,
} from './fault-suite';
