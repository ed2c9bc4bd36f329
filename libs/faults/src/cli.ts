// `npm run faults`: the full fault suite (see fault-suite.ts). Exit status 0 when every promise
// held, 1 when one did not, 2 when the suite itself failed. Settings: FAULTS_SEED (2026),
// FAULTS_SCALE (1), FAULTS_CONCURRENCY (4), FAULTS_DOWN_MS (3000: how long a killed server or
// service stays down), FAULTS_ONLY (comma-separated fault names). The services run with the
// defaults a user gets.
import { privateServersAvailable } from '@deelwijs/testing';
import { runFaultSuite, type FaultName } from './fault-suite';

async function main(): Promise<number> {
  if (!privateServersAvailable()) {
    process.stderr.write(
      'The fault suite needs PostgreSQL 15 binaries (POSTGRES_BIN) and root, to run its own servers.\n',
    );
    return 2;
  }
  const number = (name: string, fallback: number) => {
    const value = Number(process.env[name] ?? fallback);
    if (!(value > 0)) {
      throw new Error(`${name} must be a positive number`);
    }
    return value;
  };
  const result = await runFaultSuite({
    seed: number('FAULTS_SEED', 2026),
    scale: number('FAULTS_SCALE', 1),
    concurrency: number('FAULTS_CONCURRENCY', 4),
    downMs: number('FAULTS_DOWN_MS', 3_000),
    reminderProbes: 10,
    reminderSpreadSeconds: 240,
    faults: process.env.FAULTS_ONLY ? (process.env.FAULTS_ONLY.split(',') as FaultName[]) : undefined,
  });
  process.stdout.write(`\n===== Faults =====\n\n${result.table}\n`);
  if (result.failures.length > 0) {
    process.stdout.write(`\nFailures:\n${result.failures.map((failure) => `  - ${failure}`).join('\n')}\n`);
  }
  process.stdout.write(`\n${result.ok ? 'OK' : 'FAILED'} in ${(result.durationMs / 1000).toFixed(0)} s\n`);
  return result.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`fault suite failed: ${error.stack ?? error.message}\n`);
    process.exit(2);
  },
);
