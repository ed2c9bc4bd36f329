/** The printed tables and the JSON file: system next to baseline, and whether the goal is met. */
import os from 'node:os';
import { formatNumber, formatTable, ratio, round, summarize, type LatencySummary } from '@deelwijs/testing/bench';
import type { CpuReport } from './cpu';
import type { BaselineResult } from './jetstream-baseline';
import { CPU_GOAL_GROUPS, GOAL, THROUGHPUT_TOLERANCE, type BenchConfig } from './settings';
import { STAGES, type StageName, type SystemResult } from './system-run';

/** Events per second from the first intended send to the last arrival, to one decimal. */
function throughput(count: number, startedAt: number, lastAt: number): number | undefined {
  return count > 0 && lastAt > startedAt ? round(count / ((lastAt - startedAt) / 1_000), 1) : undefined;
}

export interface Report {
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; node: string; platform: string };
  config: Omit<BenchConfig, 'hardLimitMs' | 'enforceGoal'>;
  goal: { p99Ms: number; ratePerSecond: number; cpuMsPerEvent: number; met: boolean; reasons: string[] };
  /** System next to the raw JetStream baseline in the same run. */
  ratios: { throughput?: number; endToEndP50?: number; endToEndP99?: number };
  system: {
    sent: number;
    created: number;
    errors: number;
    errorExamples: string[];
    applied: number;
    throughputPerSecond?: number;
    endToEndMs?: LatencySummary;
    createMs?: LatencySummary;
    generatorLagMs?: LatencySummary;
    envelopeBytes: number;
    stagesMs: Record<string, LatencySummary | undefined>;
    cpuDuringLoad: CpuReport;
    /** CPU milliseconds per applied event, per process group, from load start until drained. */
    cpuMsPerEvent: Record<string, number | undefined>;
    /** The sum over CPU_GOAL_GROUPS: what the goal's "CPU per event in all" counts. */
    cpuMsPerEventInAll?: number;
  };
  baseline: {
    stream: string;
    payloadBytes: number;
    sent: number;
    publishErrors: number;
    received: number;
    throughputPerSecond?: number;
    endToEndMs?: LatencySummary;
    publishAckMs?: LatencySummary;
    generatorLagMs?: LatencySummary;
  };
  notes: string[];
}

export function buildReport(config: BenchConfig, system: SystemResult, baseline: BaselineResult): Report {
  const systemThroughput = throughput(system.applied, system.startedAt, system.lastAppliedAt);
  const systemE2e = summarize(system.endToEndMs);
  const reasons: string[] = [];
  if (config.ratePerSecond < GOAL.ratePerSecond) {
    reasons.push(`offered rate ${config.ratePerSecond}/s is below the goal's ${GOAL.ratePerSecond}/s`);
  }
  if (!systemE2e || systemE2e.p99 >= GOAL.p99Ms) {
    reasons.push(
      `end-to-end p99 ${systemE2e ? `${systemE2e.p99} ms` : 'unknown'} is not under ${GOAL.p99Ms} ms`,
    );
  }
  if (!systemThroughput || systemThroughput < config.ratePerSecond * THROUGHPUT_TOLERANCE) {
    reasons.push(
      `achieved ${formatNumber(systemThroughput, 0)} events/s, below ${THROUGHPUT_TOLERANCE * 100}% of the offered rate`,
    );
  }
  if (system.errors > 0 || system.applied < system.sent) {
    reasons.push(
      `${system.errors} requests failed and ${system.sent - system.applied} of ${system.sent} events were not applied`,
    );
  }
  const cpuMsPerEvent = Object.fromEntries(
    Object.entries(system.cpuUntilDrained.processSeconds).map(([name, seconds]) => [
      name,
      seconds === undefined || system.applied === 0 ? undefined : round((1_000 * seconds) / system.applied),
    ]),
  );
  const cpuParts = CPU_GOAL_GROUPS.map((name) => cpuMsPerEvent[name]);
  const cpuMsPerEventInAll = cpuParts.every((part) => part !== undefined)
    ? round(cpuParts.reduce((sum: number, part) => sum + part!, 0))
    : undefined;
  if (cpuMsPerEventInAll === undefined || cpuMsPerEventInAll > GOAL.cpuMsPerEvent) {
    reasons.push(`CPU ${formatNumber(cpuMsPerEventInAll)} ms per event in all is above ${GOAL.cpuMsPerEvent} ms`);
  }
  const baselineThroughput = throughput(baseline.received, baseline.startedAt, baseline.lastReceivedAt);
  const baselineE2e = summarize(baseline.endToEndMs);
  const quotient = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined || b === 0 ? undefined : round(a / b, 3);
  const cpus = os.cpus();
  return {
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    config: {
      ratePerSecond: config.ratePerSecond,
      seconds: config.seconds,
      warmup: config.warmup,
      connections: config.connections,
      drainTimeoutMs: config.drainTimeoutMs,
      serviceEnv: config.serviceEnv,
      nodeArgs: config.nodeArgs,
    },
    goal: { ...GOAL, met: reasons.length === 0, reasons },
    ratios: {
      throughput: quotient(systemThroughput, baselineThroughput),
      endToEndP50: quotient(systemE2e?.p50, baselineE2e?.p50),
      endToEndP99: quotient(systemE2e?.p99, baselineE2e?.p99),
    },
    system: {
      sent: system.sent,
      created: system.created,
      errors: system.errors,
      errorExamples: system.errorExamples,
      applied: system.applied,
      throughputPerSecond: systemThroughput,
      endToEndMs: systemE2e,
      createMs: summarize(system.createMs),
      generatorLagMs: summarize(system.dispatchLagMs),
      envelopeBytes: system.envelopeBytes,
      stagesMs: Object.fromEntries(
        Object.entries(system.stages).map(([name, values]) => [name, summarize(values)]),
      ),
      cpuDuringLoad: system.cpuDuringLoad,
      cpuMsPerEvent,
      cpuMsPerEventInAll,
    },
    baseline: {
      stream: baseline.stream,
      payloadBytes: baseline.payloadBytes,
      sent: baseline.sent,
      publishErrors: baseline.publishErrors,
      received: baseline.received,
      throughputPerSecond: baselineThroughput,
      endToEndMs: baselineE2e,
      publishAckMs: summarize(baseline.publishAckMs),
      generatorLagMs: summarize(baseline.dispatchLagMs),
    },
    notes: [
      'All latencies are measured from the intended send time of the open-loop schedule (no coordinated omission).',
      "System end-to-end ends at reporting's inbox.received_at, the now() of the handler's transaction, i.e. its start: the commit comes slightly later.",
      "Stage times come from now() of the create transaction (outbox.created_at), outbox.published_at (when the relay took the row up: the start of its publish for a row handed over at commit, of its claiming transaction for a drained one), the stream's stored timestamp and inbox.received_at; all are start times of their step.",
      "CPU per event: a group's CPU time from the start of the load until reporting had applied every event, divided by the events applied; 'postgres (its other processes)' are the WAL writer, checkpointer and so on, and other databases' backends (which the benchmark cannot tell apart). 'Everything else on the machine' is the machine's busy time that no listed process used: other work running meanwhile, which competes for the same cores.",
      'Throughput = events applied (received) / time from the first intended send to the last apply (receive).',
      'Load generator, services, PostgreSQL and NATS share the same machine; other work on it (e.g. concurrent test runs) shows up in the numbers.',
    ],
  };
}

export function printReport(report: Report): void {
  const { system, baseline } = report;
  const ms = (summary: LatencySummary | undefined, key: keyof LatencySummary) => summary?.[key];
  const rows: string[][] = [
    ['offered rate (events/s)', String(report.config.ratePerSecond), String(report.config.ratePerSecond), ''],
    [
      'sent / applied (received)',
      `${system.sent} / ${system.applied}`,
      `${baseline.sent} / ${baseline.received}`,
      '',
    ],
    ['errors (non-201 / publish)', String(system.errors), String(baseline.publishErrors), ''],
    [
      'achieved throughput (events/s)',
      formatNumber(system.throughputPerSecond, 1),
      formatNumber(baseline.throughputPerSecond, 1),
      ratio(system.throughputPerSecond, baseline.throughputPerSecond),
    ],
  ];
  for (const key of ['p50', 'p95', 'p99', 'max', 'mean'] as const) {
    rows.push([
      `end-to-end latency ${key} (ms)`,
      formatNumber(ms(system.endToEndMs, key)),
      formatNumber(ms(baseline.endToEndMs, key)),
      ratio(ms(system.endToEndMs, key), ms(baseline.endToEndMs, key)),
    ]);
  }
  for (const key of ['p50', 'p95', 'p99'] as const) {
    rows.push([
      `create latency ${key} (ms) [HTTP 201 | PubAck]`,
      formatNumber(ms(system.createMs, key)),
      formatNumber(ms(baseline.publishAckMs, key)),
      ratio(ms(system.createMs, key), ms(baseline.publishAckMs, key)),
    ]);
  }
  rows.push([
    'load generator lag p99 (ms)',
    formatNumber(ms(system.generatorLagMs, 'p99')),
    formatNumber(ms(baseline.generatorLagMs, 'p99')),
    '',
  ]);
  rows.push(['message size (bytes)', String(system.envelopeBytes), String(baseline.payloadBytes), '']);

  const out: string[] = ['', 'Event backbone benchmark', ''];
  out.push(formatTable(['metric', 'system', 'baseline', 'system/baseline'], rows));
  out.push('');
  out.push('Where the system time goes (per event, ms):');
  out.push(
    formatTable(
      ['stage', 'p50', 'p95', 'p99', 'max'],
      (Object.keys(STAGES) as StageName[]).map((name) => {
        const summary = system.stagesMs[name];
        return [
          STAGES[name],
          formatNumber(summary?.p50),
          formatNumber(summary?.p95),
          formatNumber(summary?.p99),
          formatNumber(summary?.max),
        ];
      }),
    ),
  );
  out.push('');
  const cpu = system.cpuDuringLoad;
  out.push(
    `CPU during the load phase: machine ${formatNumber(cpu.machineBusyPercent, 0)}% busy (all ${report.machine.cpus} cores, whoever used them).`,
  );
  out.push(
    formatTable(
      ['process', '% of one core during load', 'CPU ms per event (load start -> drained)'],
      [
        ...Object.entries(cpu.processPercentOfOneCore).map(([name, percent]) => [
          name,
          formatNumber(percent, 0),
          formatNumber(system.cpuMsPerEvent[name]),
        ]),
        ['everything else on the machine', formatNumber(cpu.otherPercentOfOneCore, 0), ''],
        ['in all (services, PostgreSQL, NATS)', '', formatNumber(system.cpuMsPerEventInAll)],
      ],
    ),
  );
  if (system.errorExamples.length > 0) {
    out.push(`Error examples: ${system.errorExamples.join(' | ')}`);
  }
  out.push('');
  out.push(
    `Goal: p99 end-to-end < ${report.goal.p99Ms} ms at ${report.goal.ratePerSecond} events/s, CPU <= ${report.goal.cpuMsPerEvent} ms per event in all: ` +
      (report.goal.met ? 'MET' : `NOT MET (${report.goal.reasons.join('; ')})`),
  );
  out.push('');
  out.push('Notes:');
  out.push(...report.notes.map((note) => `  - ${note}`));
  process.stdout.write(`${out.join('\n')}\n`);
}
