/**
 * `npm run bench`: throughput and end-to-end latency of the event backbone at a fixed offered
 * load, next to a raw JetStream baseline measured in the same run.
 *
 * System: POST /v1/activities on a real activities process (activity row + outbox row in one
 * transaction) -> outbox relay -> JetStream -> reporting's durable consumer (inbox row +
 * projection update in one transaction). End-to-end latency of an event is the moment
 * reporting's transaction applied it minus the moment its HTTP request was due to be sent.
 *
 * Baseline: publish -> file-storage stream -> durable pull consumer with explicit ack, same
 * rate, duration and message size, no HTTP and no database.
 *
 * Settings (environment):
 *   BENCH_RATE               offered load, requests (and baseline messages) per second   1000
 *   BENCH_SECONDS            length of the measured load phase                            10
 *   BENCH_WARMUP             warm-up requests (sent at BENCH_RATE; and baseline           2 s of
 *                            messages) before measuring                                   load, >= 200
 *   BENCH_CONNECTIONS        keep-alive HTTP connections to the activities service        64
 *   BENCH_DRAIN_SECONDS      how long to wait for the last events after the load          60
 *   BENCH_ENFORCE_GOAL=1     exit with status 1 when the goal is not met
 *   BENCH_SERVICE_<NAME>     passed to both services as <NAME>, for experiments, e.g.
 *                            BENCH_SERVICE_CONSUMER_CONCURRENCY=32 or BENCH_SERVICE_DATABASE_POOL_SIZE=40
 *   BENCH_NODE_ARGS          Node.js options for both services, space-separated, e.g.
 *                            "--cpu-prof --cpu-prof-dir=/tmp/prof" (NODE_OPTIONS refuses --cpu-prof)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deleteNamespaceQueues, deleteNamespaceStreams, repositoryRoot, uniqueName } from '@deelwijs/testing';
import { Cleanup, progress, sleep } from '@deelwijs/testing/bench';
import { JetStreamBaseline } from './event-backbone/jetstream-baseline';
import { buildReport, printReport } from './event-backbone/report';
import { readConfig } from './event-backbone/settings';
import { SystemRun } from './event-backbone/system-run';

/** Set once a watchdog or signal has taken over: from then on it alone cleans up and exits. */
let aborting = false;

async function main(): Promise<number> {
  const config = readConfig(process.env);
  const cleanup = new Cleanup();
  const namespace = uniqueName('bench');

  // Bounded in time whatever happens: a hung step must not leave processes, databases or streams behind.
  const abort = (why: string, code: number) => {
    if (aborting) {
      return;
    }
    aborting = true;
    process.stderr.write(`\nbench: ${why}; cleaning up\n`);
    const exit = setTimeout(() => process.exit(code), 60_000);
    void cleanup.runAll().finally(() => {
      clearTimeout(exit);
      process.exit(code);
    });
  };
  const watchdog = setTimeout(
    () => abort(`time limit of ${config.hardLimitMs / 1_000} s reached`, 124),
    config.hardLimitMs,
  );
  process.on('SIGINT', () => abort('interrupted', 130));
  process.on('SIGTERM', () => abort('terminated', 143));

  cleanup.add('delete namespace streams', () => deleteNamespaceStreams(namespace));
  cleanup.add('delete namespace queues', () => deleteNamespaceQueues(namespace));
  try {
    progress(
      `offered load ${config.ratePerSecond}/s for ${config.seconds} s, warm-up ${config.warmup}` +
        (Object.keys(config.serviceEnv).length > 0
          ? `, service settings ${JSON.stringify(config.serviceEnv)}`
          : '') +
        (config.nodeArgs.length > 0 ? `, node options ${config.nodeArgs.join(' ')}` : ''),
    );
    const run = new SystemRun(config, namespace, cleanup);
    await run.start();
    await run.warmUp();
    const system = await run.measure();
    // The baseline gets the machine without HTTP, PostgreSQL work and the two services.
    progress('stopping the services');
    await run.stop();
    await sleep(500);

    progress(`baseline: raw JetStream, ${system.envelopeBytes}-byte messages`);
    const baseline = await JetStreamBaseline.create(namespace);
    cleanup.add('delete the baseline stream', () => baseline.destroy());
    const baselineResult = await baseline.run({
      ratePerSecond: config.ratePerSecond,
      durationMs: config.seconds * 1_000,
      payloadBytes: system.envelopeBytes,
      warmup: config.warmup,
      drainTimeoutMs: config.drainTimeoutMs,
      progress,
    });

    const report = buildReport(config, system, baselineResult);
    printReport(report);
    const file = path.join(repositoryRoot(), 'dist', 'bench', 'event-backbone.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`\nResults written to ${path.relative(process.cwd(), file)}\n`);
    return config.enforceGoal && !report.goal.met ? 1 : 0;
  } finally {
    if (!aborting) {
      progress('cleaning up');
      await cleanup.runAll();
      clearTimeout(watchdog);
    }
  }
}

// Explicit exits: a leftover keep-alive socket or timer must not keep a finished run alive. While
// an abort is cleaning up, it exits when done; main failing meanwhile (its services are being
// stopped under it) must not cut that short.
main().then(
  (code) => {
    if (!aborting) {
      process.exit(code);
    }
  },
  (error: unknown) => {
    if (!aborting) {
      process.stderr.write(
        `\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    }
  },
);
