/** The event-backbone benchmark's goal and its settings, read from the environment. */

/** The goal the design is held to (issue 13): 1,000 events/s, p99 end-to-end under 50 ms, CPU at most 1.5 ms per event. */
export const GOAL = { p99Ms: 50, ratePerSecond: 1_000, cpuMsPerEvent: 1.5 };
/**
 * The processes whose CPU counts against the goal's "CPU per event in all": the services,
 * PostgreSQL (this run's backends and its shared processes) and NATS; not the load generator.
 */
export const CPU_GOAL_GROUPS = [
  'activities',
  'reporting',
  'postgres backends (this run)',
  'postgres (its other processes)',
  'nats-server',
];
/** The achieved throughput must come this close to the offered rate for the goal to count as met. */
export const THROUGHPUT_TOLERANCE = 0.95;

export interface BenchConfig {
  ratePerSecond: number;
  seconds: number;
  warmup: number;
  connections: number;
  /** Bound on each wait after a load phase (answers, applied events, received messages). */
  drainTimeoutMs: number;
  enforceGoal: boolean;
  /** Extra environment for both services (from BENCH_SERVICE_<NAME>). */
  serviceEnv: Record<string, string>;
  /** Node.js options for both services (from BENCH_NODE_ARGS). */
  nodeArgs: string[];
  /** The whole run stops by itself after this long, cleaning up on the way out. */
  hardLimitMs: number;
}

export function readConfig(env: NodeJS.ProcessEnv): BenchConfig {
  const positive = (name: string, fallback: number, integer = true): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      return fallback;
    }
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
      throw new Error(`${name} must be a positive ${integer ? 'integer' : 'number'}, got "${raw}"`);
    }
    return value;
  };
  const serviceEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('BENCH_SERVICE_') && value !== undefined) {
      serviceEnv[key.slice('BENCH_SERVICE_'.length)] = value;
    }
  }
  const seconds = positive('BENCH_SECONDS', 10, false);
  const drainSeconds = positive('BENCH_DRAIN_SECONDS', 60, false);
  const ratePerSecond = positive('BENCH_RATE', 1_000, false);
  // Two seconds of the load by default: long enough for the pools to grow to what it needs.
  const warmup = positive('BENCH_WARMUP', Math.max(200, Math.round(2 * ratePerSecond)));
  return {
    ratePerSecond,
    seconds,
    warmup,
    connections: positive('BENCH_CONNECTIONS', 64),
    drainTimeoutMs: drainSeconds * 1_000,
    enforceGoal: env.BENCH_ENFORCE_GOAL === '1',
    serviceEnv,
    nodeArgs: (env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter((arg) => arg !== ''),
    // Start-up and clean-up, two load phases and a warm-up, and every bounded wait at its longest.
    hardLimitMs: (180 + 2 * seconds + warmup / ratePerSecond + 5 * drainSeconds) * 1_000,
  };
}
