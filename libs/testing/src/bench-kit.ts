/** What every benchmark shares: percentiles, tables, progress lines and clean-up. */
export { summarize, ratio, formatTable, formatNumber, round, type LatencySummary } from '../bench/stats';
export { progress, withProgress, Cleanup } from '../bench/harness';
