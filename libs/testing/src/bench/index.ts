/**
 * `@deelwijs/testing/bench`: what every benchmark shares (the system benchmarks in
 * system-tests/bench and each service's own in services/<service>/bench): percentiles, the
 * plain-text tables, progress lines and clean-up.
 */
export { summarize, ratio, formatTable, formatNumber, round, type LatencySummary } from './stats';
export { progress, withProgress } from './progress';
export { Cleanup } from './cleanup';
export { nowMs, runOpenLoop, sleep, type OpenLoopOptions, type OpenLoopResult } from './open-loop';
export { KeepAliveClient, type HttpAnswer } from './keep-alive-client';
