/**
 * `npm run bench -- mixed-load`: sustained mixed load on the three services at a stated rate,
 * as partners, staff and the public use them at once: single and bulk registrations, activity
 * reads, knowledge searches and progress-report requests. Prints throughput and p50/p95/p99 per
 * operation, each service's idle and peak memory (resident set size), and next to them the raw
 * baselines the other benchmarks wrote to dist/bench/*.json (naming the ones that are missing).
 * Memory goal (issue 13): every service at most 250 MB at peak and 150 MB idle. Idle is the
 * resident set once the service has started and its fixtures are in, and again after the load has
 * drained and BENCH_IDLE_SECONDS (10) have passed; the larger of the two counts. Peak is the
 * kernel's high-water mark (VmHWM) over the whole run.
 *
 * Latency is measured from each request's intended time on an open-loop schedule, so a stall
 * shows in the numbers instead of quietly lowering the load.
 *
 * Settings (environment):
 *   BENCH_LOAD_SECONDS   length of the load                                   180
 *   BENCH_LOAD_RATE      requests per second, all operations together          20
 *   BENCH_LOAD_BULK      registrations per bulk request                        50
 *   BENCH_IDLE_SECONDS   quiet seconds before each idle memory reading         10
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot, staffToken, TestSystem, type ServiceProcess } from '@deelwijs/testing';
import { Cleanup, formatTable, nowMs, progress, ratio, runOpenLoop, sleep, summarize } from '@deelwijs/testing/bench';

type Operation =
  'single registration' | 'bulk registration' | 'activity read' | 'knowledge search' | 'report request';

/** The mix, in shares of the offered rate: mostly registrations and reads, as in a busy week. */
const MIX: Array<[Operation, number]> = [
  ['single registration', 0.4],
  ['bulk registration', 0.05],
  ['activity read', 0.3],
  ['knowledge search', 0.15],
  ['report request', 0.1],
];

const PROGRAMME = 'overijssel-2026';

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  }
  return value;
}

async function main(): Promise<void> {
  const seconds = positive('BENCH_LOAD_SECONDS', 180);
  const rate = positive('BENCH_LOAD_RATE', 20);
  const bulkSize = positive('BENCH_LOAD_BULK', 50);
  const cleanup = new Cleanup();
  const stop = () => void cleanup.runAll().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  try {
    const system = new TestSystem('bench_mixed');
    cleanup.add('the test system', () => system.cleanUp());
    progress(`starting activities, knowledge and reporting (namespace ${system.namespace})`);
    // Three services booting at once on a small, shared machine can take longer than the 30 s a
    // test allows; a slow start is not what this benchmark measures.
    const startOptions = { readyTimeoutMs: 120_000 };
    const [activities, knowledge, reporting] = await Promise.all([
      system.database('activities').then((url) => system.start('activities', url, { LOG_LEVEL: 'error' }, startOptions)),
      system.database('knowledge').then((url) => system.start('knowledge', url, { LOG_LEVEL: 'error' }, startOptions)),
      system.database('reporting').then((url) => system.start('reporting', url, { LOG_LEVEL: 'error' }, startOptions)),
    ]);
    const fixtures = await prepare(activities, knowledge, reporting);
    const idleSeconds = positive('BENCH_IDLE_SECONDS', 10);
    const services = [activities, knowledge, reporting];
    await sleep(idleSeconds * 1000);
    const idleBefore = Object.fromEntries(services.map((service) => [service.name, memoryMb(service, 'VmRSS')]));
    progress(`idle before the load: ${describeMemory(idleBefore)}`);
    progress(
      `load: ${rate}/s for ${seconds} s (${MIX.map(([op, share]) => `${op} ${Math.round(share * 100)}%`).join(', ')})`,
    );

    const latencies = new Map<Operation, number[]>(MIX.map(([op]) => [op, []]));
    const errors = new Map<Operation, number>(MIX.map(([op]) => [op, 0]));
    const errorExamples: string[] = [];
    const bulkOutcomes = new Map<string, number>();
    const inFlight = new Set<Promise<void>>();
    const partner = staffToken(['partner'], fixtures.partner);
    const organiser = staffToken(['organiser']);
    const reporter = staffToken(['reporter']);
    const pick = (index: number): Operation => {
      // A fixed, interleaved order: the same mix in every second of the run.
      const slot = (index * 0.618034) % 1;
      let acc = 0;
      for (const [op, share] of MIX) {
        acc += share;
        if (slot < acc) {
          return op;
        }
      }
      return MIX[0][0];
    };
    const send = (op: Operation, index: number): Promise<Response> => {
      const activityId = fixtures.activityIds[index % fixtures.activityIds.length];
      const json = (token: string, body: unknown, key: string) => ({
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify(body),
      });
      switch (op) {
        case 'single registration':
          return fetch(
            `${activities.url}/v1/activities/${activityId}/registrations`,
            json(organiser, person(index), `load-${index}`),
          );
        case 'bulk registration':
          return fetch(
            `${activities.url}/v1/registrations/bulk`,
            json(
              partner,
              {
                items: Array.from({ length: bulkSize }, (_, item) => ({
                  activityId: fixtures.activityIds[(index + item) % fixtures.activityIds.length],
                  ...person(index * 1000 + item),
                  externalReference: `load-${index}-${item}`,
                })),
              },
              `load-bulk-${index}`,
            ),
          );
        case 'activity read':
          return fetch(`${activities.url}/v1/activities/${activityId}`, {
            headers: { authorization: `Bearer ${organiser}` },
          });
        case 'knowledge search':
          return fetch(
            `${knowledge.url}/v1/knowledge-search-results?q=${encodeURIComponent(['democratie', 'jongeren', 'gastles', 'verkiezingen'][index % 4])}`,
          );
        case 'report request':
          return fetch(`${reporting.url}/v1/programmes/${PROGRAMME}/reports/2026?format=json`, {
            headers: { authorization: `Bearer ${reporter}` },
          });
      }
    };
    const loop = await runOpenLoop({
      ratePerSecond: rate,
      durationMs: seconds * 1000,
      fire: (index, intendedAt) => {
        const op = pick(index);
        const request = send(op, index)
          .then(async (response) => {
            const text = await response.text();
            if (op === 'bulk registration' && response.status === 200) {
              // A 200 may still refuse items: count what was placed, so the load is what it says.
              for (const item of (JSON.parse(text) as { items: Array<{ outcome: string }> }).items) {
                bulkOutcomes.set(item.outcome, (bulkOutcomes.get(item.outcome) ?? 0) + 1);
              }
            }
            latencies.get(op)!.push(nowMs() - intendedAt);
            if (response.status >= 400) {
              errors.set(op, errors.get(op)! + 1);
              if (errorExamples.length < 5) {
                errorExamples.push(`${op}: ${response.status}`);
              }
            }
          })
          .catch((error: Error) => {
            errors.set(op, errors.get(op)! + 1);
            if (errorExamples.length < 5) {
              errorExamples.push(`${op}: ${error.message}`);
            }
          });
        const tracked = request.finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
      },
      onSecond: (elapsed, fired) => {
        if (elapsed % 15 === 0) {
          progress(`${elapsed} s: ${fired} sent, ${inFlight.size} in flight`);
        }
      },
    });
    // The last answers, with a deadline: a hung request must not hold the benchmark for ever.
    const deadline = Date.now() + 60_000;
    while (inFlight.size > 0 && Date.now() < deadline) {
      await sleep(100);
    }
    const elapsedS = (nowMs() - loop.startedAt) / 1000;
    const memory = Object.fromEntries(services.map((service) => [service.name, memoryMb(service, 'VmHWM')]));
    progress(`load drained; ${idleSeconds} s idle before measuring memory again`);
    await sleep(idleSeconds * 1000);
    const idleAfter = Object.fromEntries(services.map((service) => [service.name, memoryMb(service, 'VmRSS')]));
    const memoryGoals = Object.fromEntries(
      services.map(({ name }) => {
        const idle = Math.max(idleBefore[name] ?? Infinity, idleAfter[name] ?? Infinity);
        const peak = memory[name] ?? Infinity;
        return [
          name,
          { idleMb: idle, peakMb: peak, idleMet: idle <= MEMORY_GOAL.idleMb, peakMet: peak <= MEMORY_GOAL.peakMb },
        ];
      }),
    );
    const operations = MIX.map(([op]) => {
      const summary = summarize(latencies.get(op)!);
      return { op, summary, errors: errors.get(op)!, perSecond: (summary?.count ?? 0) / elapsedS };
    });
    const baselines = readBaselines();

    process.stdout.write(
      `\nMixed load: ${rate}/s offered for ${seconds} s, ${loop.fired} requests (bulk of ${bulkSize}); latency in ms from the intended send time\n\n`,
    );
    process.stdout.write(
      `${formatTable(
        ['operation', 'answered', 'errors', 'per s', 'p50', 'p95', 'p99', 'max'],
        operations.map(({ op, summary, errors: failed, perSecond }) => [
          op,
          String(summary?.count ?? 0),
          String(failed),
          perSecond.toFixed(1),
          ...(['p50', 'p95', 'p99', 'max'] as const).map((key) => summary?.[key].toFixed(1) ?? '-'),
        ]),
      )}\n`,
    );
    process.stdout.write(
      `\nBulk items: ${[...bulkOutcomes].map(([outcome, count]) => `${count} ${outcome}`).join(', ') || 'none'}\n`,
    );
    if (errorExamples.length > 0) {
      process.stdout.write(`\nErrors, for example: ${errorExamples.join('; ')}\n`);
    }
    process.stdout.write(
      `\nMemory (resident set, MB; goal: peak <= ${MEMORY_GOAL.peakMb}, idle <= ${MEMORY_GOAL.idleMb})\n\n${formatTable(
        ['service', 'idle before', 'idle after', 'peak (VmHWM)', 'idle goal', 'peak goal'],
        services.map(({ name }) => [
          name,
          idleBefore[name]?.toFixed(0) ?? '?',
          idleAfter[name]?.toFixed(0) ?? '?',
          memory[name]?.toFixed(0) ?? '?',
          memoryGoals[name].idleMet ? 'met' : 'NOT met',
          memoryGoals[name].peakMet ? 'met' : 'NOT met',
        ]),
      )}\n`,
    );
    const singles = operations.find((entry) => entry.op === 'single registration')!.summary;
    const searches = operations.find((entry) => entry.op === 'knowledge search')!.summary;
    const reports = operations.find((entry) => entry.op === 'report request')!.summary;
    const rows: string[][] = [];
    const compare = (what: string, mixed: number | undefined, baseline: number | undefined, source: string) =>
      rows.push([
        what,
        mixed?.toFixed(1) ?? '-',
        baseline?.toFixed(1) ?? '-',
        ratio(mixed, baseline),
        source,
      ]);
    compare(
      'single registration p99 ms',
      singles?.p99,
      baselines.registrations?.single?.latencyMs?.p99,
      'registrations.json (single, alone)',
    );
    compare(
      'knowledge search p99 ms',
      searches?.p99,
      baselines.knowledge?.search?.fullTextMs?.p99,
      'knowledge.json (full text, 100k items)',
    );
    compare(
      'report request p99 ms',
      reports?.p99,
      baselines['programme-report']?.small?.report?.p99,
      'programme-report.json (small)',
    );
    compare(
      'event backbone end-to-end p99 ms',
      undefined,
      baselines['event-backbone']?.system?.endToEndMs?.p99,
      'event-backbone.json (system)',
    );
    compare(
      'raw JetStream end-to-end p99 ms',
      undefined,
      baselines['event-backbone']?.baseline?.endToEndMs?.p99,
      'event-backbone.json (raw baseline)',
    );
    compare(
      'raw insert registrations/s',
      undefined,
      baselines.registrations?.rawInsert?.registrationsPerSecond,
      'registrations.json (raw baseline)',
    );
    process.stdout.write(
      `\nNext to the earlier benchmarks (their own runs, alone on the machine):\n\n${formatTable(['figure', 'mixed load', 'baseline', 'ratio', 'from'], rows)}\n`,
    );
    const missing = Object.entries(baselines)
      .filter(([, value]) => value === undefined)
      .map(([name]) => name);
    if (missing.length > 0) {
      process.stdout.write(
        `\nMissing baselines (run npm run bench -- <name> first): ${missing.map((name) => `dist/bench/${name}.json`).join(', ')}\n`,
      );
    }
    const out = path.join(repositoryRoot(), 'dist', 'bench');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      path.join(out, 'mixed-load.json'),
      JSON.stringify(
        {
          finishedAt: new Date().toISOString(),
          settings: { seconds, rate, bulkSize, mix: Object.fromEntries(MIX) },
          requests: loop.fired,
          operations: Object.fromEntries(
            operations.map(({ op, summary, errors: failed, perSecond }) => [
              op,
              { latencyMs: summary, errors: failed, perSecond },
            ]),
          ),
          peakRssMb: memory,
          idleRssMb: { beforeLoad: idleBefore, afterLoad: idleAfter },
          memoryGoal: MEMORY_GOAL,
          goals: {
            memory: memoryGoals,
            everyServiceWithinMemory: Object.values(memoryGoals).every((goal) => goal.idleMet && goal.peakMet),
          },
          bulkItems: Object.fromEntries(bulkOutcomes),
          missingBaselines: missing,
        },
        null,
        2,
      ),
    );
  } finally {
    process.removeListener('SIGINT', stop);
    await cleanup.runAll();
  }
}

function person(index: number) {
  return {
    kind: 'individual',
    headcount: 1,
    contactName: `Deelnemer ${index}`,
    contactEmail: `load-${index}@deelnemer.example`,
  };
}

/** Issue 13: every service's resident set at most this many MB. */
const MEMORY_GOAL = { peakMb: 250, idleMb: 150 };

/** A service process's resident set now (VmRSS) or at its highest so far (VmHWM), in MB. */
function memoryMb(service: ServiceProcess, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const status = readFileSync(`/proc/${service.pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function describeMemory(mb: Record<string, number | undefined>): string {
  return Object.entries(mb)
    .map(([name, value]) => `${name} ${value?.toFixed(0) ?? '?'} MB`)
    .join(', ');
}

/** The other benchmarks' latest results, undefined where a benchmark has not been run. */
function readBaselines(): Record<'registrations' | 'knowledge' | 'programme-report' | 'event-backbone', any> {
  const dir = path.join(repositoryRoot(), 'dist', 'bench');
  const read = (name: string) => {
    const file = path.join(dir, `${name}.json`);
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
  };
  return {
    registrations: read('registrations'),
    knowledge: read('knowledge'),
    'programme-report': read('programme-report'),
    'event-backbone': read('event-backbone'),
  };
}

/** Activities to register for, a partner, the seed programme, and published knowledge to search. */
async function prepare(activities: ServiceProcess, knowledge: ServiceProcess, reporting: ServiceProcess) {
  const yaml = readFileSync(
    path.join(repositoryRoot(), 'services/reporting/data/programme-overijssel-2026.yaml'),
    'utf8',
  );
  const imported = await fetch(`${reporting.url}/v1/programmes/${PROGRAMME}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${staffToken(['admin'])}`, 'content-type': 'application/yaml' },
    body: yaml,
  });
  if (imported.status >= 300) {
    throw new Error(`importing the programme answered ${imported.status}: ${await imported.text()}`);
  }
  const partner = randomUUID();
  const activityIds: string[] = [];
  const start = Date.now() + 30 * 86_400_000;
  for (let index = 0; index < 40; index++) {
    const startsAt = new Date(start + index * 3_600_000);
    const created = await activities.request('POST', '/v1/activities', {
      roles: ['organiser'],
      body: {
        type: index % 2 ? 'democracy-game' : 'guest-lesson',
        title: { nl: `Belastingproef ${index}` },
        prestatieCode: '7.2.3',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 7_200_000).toISOString(),
        openToAllPartners: true,
        publish: true,
      },
    });
    if (created.status !== 201) {
      throw new Error(`creating an activity answered ${created.status}: ${JSON.stringify(created.body)}`);
    }
    activityIds.push(created.body.id);
  }
  for (let index = 0; index < 30; index++) {
    const item = await knowledge.request('POST', '/v1/knowledge-items', {
      roles: ['editor'],
      body: {
        kind: 'article',
        title: `Democratie en jongeren, gastles ${index}`,
        summary: 'Wat leerlingen leerden over verkiezingen en de gemeenteraad.',
        body: 'Een **democratiespel** met jongeren: stemmen, debatteren, verkiezingen.',
        language: 'nl',
        visibility: 'public',
        prestatieCodes: ['7.2.3'],
      },
    });
    if (item.status !== 201) {
      throw new Error(`creating a knowledge item answered ${item.status}: ${JSON.stringify(item.body)}`);
    }
    await knowledge.request('POST', `/v1/knowledge-items/${item.body.itemId}/status-changes`, {
      roles: ['editor'],
      body: { status: 'published', expectedVersion: item.body.version },
    });
  }
  return { activityIds, partner };
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`mixed-load benchmark failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
