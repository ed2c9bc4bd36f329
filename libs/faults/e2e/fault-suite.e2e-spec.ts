import { privateServersAvailable } from '@deelwijs/testing';
import { runFaultSuite, type FaultSuiteResult } from '../src/fault-suite';

/**
 * The small fault suite: a small year on private PostgreSQL, Redis and NATS servers, with each
 * service and each server SIGKILLed and restarted in turn and reporting paused past its ack
 * wait. `npm run faults` runs the same at full size.
 */
const available = privateServersAvailable();
(available ? describe : describe.skip)('faults under a small year (private servers, real processes)', () => {
  let result: FaultSuiteResult;
  const lines: string[] = [];

  beforeAll(async () => {
    result = await runFaultSuite({
      seed: 11,
      scale: 0.3,
      concurrency: 3,
      downMs: 1_500,
      reminderProbes: 5,
      reminderSpreadSeconds: 60,
      log: (line) => lines.push(line),
    });
    process.stdout.write(`\n${result.table}\n`);
    // Longer than the year: the services run with the defaults a user gets, whose ack wait the pause outlasts.
  }, 300_000);

  it('carried out every fault and recovered from each, answering a retried request to the struck service', () => {
    expect(result.simulationError).toBeUndefined();
    expect(result.rows.map((row) => row.fault.split(' ')[0] + ' ' + row.fault.split(' ')[1])).toHaveLength(7);
    for (const row of result.rows) {
      // The registration and the knowledge item are created (201), reporting's programme too.
      expect({ fault: row.fault, recovered: row.recoveredS !== undefined, retryStatus: row.retry?.status }).toEqual({
        fault: row.fault,
        recovered: true,
        retryStatus: 201,
      });
    }
  });

  it('stored every acknowledged registration once', () => {
    expect(result.registrations.acknowledged).toBeGreaterThan(100);
    expect(result.registrations.missing).toEqual([]);
    expect(result.registrations.extra).toEqual([]);
    expect(result.registrations.stored).toBe(result.registrations.acknowledged);
  });

  it('mailed every due reminder exactly once (by Message-ID)', () => {
    expect(result.reminders.due).toBe(15);
    expect(result.reminders.missing).toEqual([]);
    expect(result.reminders.repeated.filter((repeat) => repeat.attempts < repeat.times)).toEqual([]);
  });

  it('reports exactly the ground truth, with no dead letters', () => {
    expect(result.simulation?.problems).toEqual([]);
    expect(result.simulation?.mismatches).toEqual([]);
    expect(result.deadLetters).toEqual([]);
    expect(result.failures).toEqual([]);
  });
});
