import { performance } from 'node:perf_hooks';

/**
 * Wall-clock time in epoch milliseconds with sub-millisecond resolution. Comparable with
 * PostgreSQL's now() and JetStream's stored timestamps, which also read the machine's wall clock.
 */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface OpenLoopOptions {
  ratePerSecond: number;
  durationMs: number;
  /**
   * Sends request `index`, intended at `intendedAt` (epoch ms). Must not wait for the answer:
   * the schedule never slows down because the system under test does.
   */
  fire: (index: number, intendedAt: number) => void;
  /** Called about once a second with the seconds elapsed and the requests fired so far. */
  onSecond?: (elapsedSeconds: number, fired: number) => void;
}

export interface OpenLoopResult {
  startedAt: number;
  fired: number;
  /** How late each request left compared with its intended time: the generator's own lag. */
  dispatchLagMs: number[];
}

/**
 * An open-loop load: request i is due at start + i / rate, whatever happened to earlier
 * requests. Callers measure latency from the intended time, not from when the request actually
 * left, so a stalled system (or a stalled generator) shows up in the numbers instead of quietly
 * lowering the load (coordinated omission).
 */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const intervalMs = 1_000 / options.ratePerSecond;
  const total = Math.round((options.ratePerSecond * options.durationMs) / 1_000);
  const dispatchLagMs: number[] = new Array(total);
  const startedAt = nowMs();
  let fired = 0;
  let reportedSecond = 0;
  while (fired < total) {
    const now = nowMs();
    // Timers are coarse (about 1 ms, later under load): send everything that is due by now.
    const due = Math.min(total, Math.floor((now - startedAt) / intervalMs) + 1);
    for (; fired < due; fired++) {
      const intendedAt = startedAt + fired * intervalMs;
      options.fire(fired, intendedAt);
      dispatchLagMs[fired] = nowMs() - intendedAt;
    }
    const elapsedSeconds = Math.floor((nowMs() - startedAt) / 1_000);
    if (elapsedSeconds > reportedSecond) {
      reportedSecond = elapsedSeconds;
      options.onSecond?.(elapsedSeconds, fired);
    }
    if (fired < total) {
      await sleep(Math.max(0, startedAt + fired * intervalMs - nowMs()));
    }
  }
  return { startedAt, fired, dispatchLagMs };
}
