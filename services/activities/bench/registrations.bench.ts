/**
 * Registrations benchmark (`npm run bench -- registrations`).
 *
 * 1. Bulk ingest: POST /v1/registrations/bulk with BENCH_BULK_SIZE (10,000) registrations per
 *    request, BENCH_BULK_REQUESTS (5) times, in registrations per second; next to the baseline, a
 *    raw `pg` multi-row INSERT of the same rows into the same table, interleaved in the same run.
 *    Goal: bulk ingest at least half the raw insert rate.
 * 2. Single registrations, closed loop: BENCH_CLIENTS (50) concurrent clients POSTing one
 *    registration at a time for BENCH_SECONDS (15) to random ones of BENCH_ACTIVITIES (100)
 *    activities; next to the baseline, the same transaction in raw `pg` from this process over
 *    as many connections (lock the activity row, insert the registration, update the count,
 *    insert an outbox row), for as long, right before. Goal: at least half the raw rate.
 * 3. Single registrations, open loop: BENCH_RATE (400) requests per second for BENCH_SECONDS,
 *    latency counted from each request's intended send time (a stall is not hidden by a slower
 *    load). Goal: p99 at most 50 ms at 400 requests per second.
 *
 * BENCH_PHASES (bulk,single,open) picks phases; BENCH_NODE_ARGS passes Node options to the
 * service (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, written when the service stops).
 * Everything runs against a real activities service process, PostgreSQL, NATS and Redis.
 * Results, ratios and goals are printed and written to dist/bench/registrations.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { repositoryRoot, staffToken, TestSystem } from '@deelwijs/testing';
import {
  Cleanup,
  formatNumber,
  formatTable,
  KeepAliveClient,
  nowMs,
  progress,
  ratio,
  runOpenLoop,
  sleep,
  summarize,
  withProgress,
  type LatencySummary,
} from '@deelwijs/testing/bench';

const settings = {
  bulkSize: Number(process.env.BENCH_BULK_SIZE ?? 10_000),
  bulkRequests: Number(process.env.BENCH_BULK_REQUESTS ?? 5),
  clients: Number(process.env.BENCH_CLIENTS ?? 50),
  seconds: Number(process.env.BENCH_SECONDS ?? 15),
  activities: Number(process.env.BENCH_ACTIVITIES ?? 100),
  rate: Number(process.env.BENCH_RATE ?? 400),
  phases: (process.env.BENCH_PHASES ?? 'bulk,single,open').split(',').map((phase) => phase.trim()),
  nodeArgs: (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter((arg) => arg !== ''),
};

/** The issue's goals (issue 13). */
const GOALS = { bulkVersusRaw: 0.5, singleVersusRaw: 0.5, openLoopRate: 400, openLoopP99Ms: 50 };

const PARTNER = randomUUID();

function registrationItem(activityId: string, n: number) {
  return {
    activityId,
    kind: n % 10 === 0 ? 'group' : 'individual',
    ...(n % 10 === 0 ? { headcount: 25, schoolName: 'Het Stedelijk', className: `groep ${n % 8}` } : {}),
    contactName: `Deelnemer ${n}`,
    contactEmail: `deelnemer${n}@example.nl`,
    externalReference: `BENCH-${n}`,
    language: 'nl',
  };
}

/** The same rows the bulk endpoint writes, by one INSERT ... SELECT FROM unnest, in a transaction. */
async function rawInsert(client: Client, activityId: string, offset: number, size: number): Promise<number> {
  const items = Array.from({ length: size }, (_, i) => registrationItem(activityId, offset + i));
  const started = performance.now();
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO registrations (id, activity_id, kind, status, headcount, places, partner_organisation_id,
                                external_reference, registered_by, language, contact_name, contact_email,
                                school_name, class_name)
     SELECT id, $2::uuid, kind, 'accepted', headcount, headcount, $3::uuid, ref, 'partner', 'nl', name, email, school, class
       FROM unnest($1::uuid[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
            AS t (id, kind, headcount, ref, name, email, school, class)`,
    [
      items.map(() => randomUUID()),
      activityId,
      randomUUID(),
      items.map((item) => item.kind),
      items.map((item) => item.headcount ?? 1),
      items.map((item) => `RAW-${item.externalReference}`),
      items.map((item) => item.contactName),
      items.map((item) => item.contactEmail),
      items.map((item) => item.schoolName ?? null),
      items.map((item) => item.className ?? null),
    ],
  );
  await client.query('COMMIT');
  return performance.now() - started;
}

/**
 * One registration as raw `pg` does it at the least: lock the activity row, insert the
 * registration, update the count, insert an outbox row with an envelope of the size the
 * service writes, in one transaction of five statements.
 */
async function rawSingleRegistration(pool: Pool, activityId: string, n: number): Promise<void> {
  const client = await pool.connect();
  try {
    const id = randomUUID();
    const eventId = randomUUID();
    await client.query('BEGIN');
    await client.query(`SELECT id, status, capacity, places_taken FROM activities WHERE id = $1 FOR UPDATE`, [activityId]);
    await client.query(
      `INSERT INTO registrations (id, activity_id, kind, status, headcount, places, partner_organisation_id,
                                  external_reference, registered_by, language, contact_name, contact_email)
       VALUES ($1, $2, 'individual', 'accepted', 1, 1, $3, $4, 'partner', 'nl', $5, $6)`,
      [id, activityId, PARTNER, `RAW-SINGLE-${n}`, `Deelnemer ${n}`, `deelnemer${n}@example.nl`],
    );
    await client.query(`UPDATE activities SET places_taken = places_taken + 1, updated_at = now() WHERE id = $1`, [activityId]);
    // Written already marked published: the service's relay shares this outbox, and would
    // otherwise try, on every drain, to publish rows no stream holds, spending the service's CPU
    // while it is being measured.
    await client.query(`INSERT INTO outbox (event_id, subject, envelope, published_at) VALUES ($1, $2, $3::jsonb, now())`, [
      eventId,
      'bench.registration.accepted.v1',
      JSON.stringify({
        eventId,
        subject: 'bench.registration.accepted.v1',
        occurredAt: new Date().toISOString(),
        producer: 'activities',
        correlationId: randomUUID(),
        payload: { registrationId: id, activityId, partnerOrganisationId: PARTNER, kind: 'individual', headcount: 1 },
      }),
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * CPU seconds a process has used (user and system, from /proc/<pid>/stat): far less noisy than
 * a rate on a shared machine, so a change's cost per request shows even when throughput does not.
 */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) {
    return undefined;
  }
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** `workers` loops, each doing `once` back to back until the deadline: a closed-loop load. */
async function closedLoop(
  workers: number,
  seconds: number,
  once: () => Promise<boolean>,
  label: string,
  cpuOf: () => number | undefined,
): Promise<{ perSecond: number; failures: number; latencyMs: LatencySummary; cpuMsPerRequest?: number }> {
  const latencies: number[] = [];
  let failures = 0;
  const deadline = Date.now() + seconds * 1000;
  const started = performance.now();
  const cpuBefore = cpuOf();
  const worker = async () => {
    while (Date.now() < deadline) {
      const begun = performance.now();
      const ok = await once().catch(() => false);
      latencies.push(performance.now() - begun);
      if (!ok) {
        failures += 1;
      }
    }
  };
  await withProgress(Promise.all(Array.from({ length: workers }, worker)), () => `${label}: ${latencies.length} done`);
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = cpuOf();
  const cpuMsPerRequest =
    cpuBefore === undefined || cpuAfter === undefined ? undefined : (1000 * (cpuAfter - cpuBefore)) / latencies.length;
  return { perSecond: latencies.length / elapsed, failures, latencyMs: summarize(latencies)!, cpuMsPerRequest };
}

async function main(): Promise<void> {
  const cleanup = new Cleanup();
  process.once('SIGINT', () => void cleanup.runAll().then(() => process.exit(130)));
  const system = new TestSystem('bench_registrations');
  cleanup.add('test system', () => system.cleanUp());
  try {
    progress(`settings: ${JSON.stringify(settings)}`);
    const databaseUrl = await system.database('bench_registrations');
    const service = await system.start('activities', databaseUrl, { LOG_LEVEL: 'warn' }, { nodeArgs: settings.nodeArgs, readyTimeoutMs: 180_000 });
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    cleanup.add('pg client', () => client.end());
    const http = new KeepAliveClient(service.url, Math.max(settings.clients, 64));
    cleanup.add('http client', async () => http.close());
    const partnerToken = staffToken(['partner'], PARTNER);
    const partner = { authorization: `Bearer ${partnerToken}` };

    const createActivity = async () => {
      const response = await service.request('POST', '/v1/activities', {
        roles: ['organiser'],
        body: {
          type: 'democracy-game',
          title: { nl: 'Benchmark democratiespel' },
          prestatieCode: '7.2.3',
          partnerOrganisationIds: [PARTNER],
          startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
          endsAt: new Date(Date.now() + 30 * 86_400_000 + 7_200_000).toISOString(),
          publish: true,
        },
      });
      if (response.status !== 201) {
        throw new Error(`creating the activity failed: ${response.status} ${JSON.stringify(response.body)}`);
      }
      return response.body.id as string;
    };

    // Warm both paths once so neither pays for first-use costs in the measurement.
    const warm = await createActivity();
    await rawInsert(client, warm, 0, 100);
    await service.request('POST', '/v1/registrations/bulk', {
      headers: partner,
      body: { items: Array.from({ length: 100 }, (_, n) => registrationItem(warm, 1_000_000 + n)) },
    });

    // 1. Bulk ingest against the raw insert, interleaved so both see the same table size.
    let bulk: { rate: number; rawRate: number; meanRequestMs: number } | undefined;
    if (settings.phases.includes('bulk')) {
      const bulkMs: number[] = [];
      const rawMs: number[] = [];
      for (let round = 0; round < settings.bulkRequests; round += 1) {
        const activityId = await createActivity();
        rawMs.push(await rawInsert(client, activityId, round * settings.bulkSize, settings.bulkSize));
        const items = Array.from({ length: settings.bulkSize }, (_, n) => registrationItem(activityId, round * settings.bulkSize + n));
        const started = performance.now();
        const response = await service.request('POST', '/v1/registrations/bulk', { headers: partner, body: { items } });
        bulkMs.push(performance.now() - started);
        if (response.status !== 200 || response.body.summary.accepted !== settings.bulkSize) {
          throw new Error(`bulk request failed: ${response.status} ${JSON.stringify(response.body).slice(0, 500)}`);
        }
        progress(`bulk round ${round + 1}/${settings.bulkRequests}: bulk ${bulkMs.at(-1)!.toFixed(0)} ms, raw ${rawMs.at(-1)!.toFixed(0)} ms`);
      }
      const perSecond = (ms: number[]) => (settings.bulkSize * ms.length) / (ms.reduce((a, b) => a + b, 0) / 1000);
      bulk = {
        rate: perSecond(bulkMs),
        rawRate: perSecond(rawMs),
        meanRequestMs: bulkMs.reduce((a, b) => a + b, 0) / bulkMs.length,
      };
    }

    // Single registrations go to as many activities as a programme has open at once (one
    // activity would measure only its row lock).
    const activityIds: string[] = [];
    while (activityIds.length < settings.activities) {
      // Ten at a time: a hundred at once would only queue for the service's connections.
      const batch = Math.min(10, settings.activities - activityIds.length);
      activityIds.push(...(await Promise.all(Array.from({ length: batch }, createActivity))));
    }
    const randomActivity = () => activityIds[Math.floor(Math.random() * activityIds.length)];
    let sequence = 10_000_000;
    let firstFailure: string | undefined;
    const postOne = async (): Promise<boolean> => {
      const activityId = randomActivity();
      const body: Partial<ReturnType<typeof registrationItem>> = registrationItem(activityId, (sequence += 1));
      delete body.activityId;
      const answer = await http.post(`/v1/activities/${activityId}/registrations`, JSON.stringify(body), partner);
      if (answer.status !== 201) {
        firstFailure ??= `${answer.status} ${answer.body.slice(0, 300)}`;
        return false;
      }
      return true;
    };

    // 2. Closed loop: the raw transaction at the same concurrency, then the service.
    let single: { service: Awaited<ReturnType<typeof closedLoop>>; raw: Awaited<ReturnType<typeof closedLoop>> } | undefined;
    if (settings.phases.includes('single')) {
      const pool = new Pool({ connectionString: databaseUrl, max: settings.clients });
      let poolEnded = false;
      const endPool = async () => {
        if (!poolEnded) {
          poolEnded = true;
          await pool.end();
        }
      };
      cleanup.add('pg pool', endPool);
      let rawSequence = 0;
      const raw = await closedLoop(
        settings.clients,
        settings.seconds,
        () => rawSingleRegistration(pool, randomActivity(), (rawSequence += 1)).then(() => true),
        'raw pg single transactions',
        () => {
          const usage = process.cpuUsage();
          return (usage.user + usage.system) / 1e6;
        },
      );
      await endPool();
      const measured = await closedLoop(settings.clients, settings.seconds, postOne, 'single POSTs (closed loop)', () =>
        cpuSeconds(service.pid),
      );
      single = { service: measured, raw };
    }

    // 3. Open loop at the stated rate, latency from each request's intended time.
    let open: { rate: number; sent: number; failures: number; latencyMs?: LatencySummary; generatorLagMs?: LatencySummary } | undefined;
    if (settings.phases.includes('open')) {
      const latencies: number[] = [];
      let failures = 0;
      let answered = 0;
      const loop = await runOpenLoop({
        ratePerSecond: settings.rate,
        durationMs: settings.seconds * 1000,
        fire: (_index, intendedAt) => {
          void postOne()
            .catch(() => false)
            .then((ok) => {
              latencies.push(nowMs() - intendedAt);
              answered += 1;
              if (!ok) {
                failures += 1;
              }
            });
        },
        onSecond: (elapsed, fired) => {
          if (elapsed % 5 === 0) {
            progress(`open loop at ${settings.rate}/s: ${elapsed} s, ${fired} sent, ${fired - answered} unanswered`);
          }
        },
      });
      const deadline = Date.now() + 30_000;
      while (answered < loop.fired && Date.now() < deadline) {
        await sleep(50);
      }
      failures += loop.fired - answered;
      open = {
        rate: settings.rate,
        sent: loop.fired,
        failures,
        latencyMs: summarize(latencies),
        generatorLagMs: summarize(loop.dispatchLagMs),
      };
    }

    const goals = {
      bulkAtLeastHalfOfRaw: bulk ? bulk.rate >= GOALS.bulkVersusRaw * bulk.rawRate : undefined,
      singleAtLeastHalfOfRaw: single ? single.service.perSecond >= GOALS.singleVersusRaw * single.raw.perSecond : undefined,
      openLoopP99AtMost50MsAt400PerSecond: open
        ? open.rate >= GOALS.openLoopRate && open.failures === 0 && (open.latencyMs?.p99 ?? Infinity) <= GOALS.openLoopP99Ms
        : undefined,
    };
    const result = {
      finishedAt: new Date().toISOString(),
      settings,
      goalsAsked: GOALS,
      bulk: bulk && { registrationsPerSecond: Math.round(bulk.rate), meanRequestMs: Math.round(bulk.meanRequestMs) },
      rawInsert: bulk && { registrationsPerSecond: Math.round(bulk.rawRate) },
      bulkVersusRaw: bulk && bulk.rate / bulk.rawRate,
      single: single && {
        requestsPerSecond: Math.round(single.service.perSecond),
        failures: single.service.failures,
        latencyMs: single.service.latencyMs,
        serviceCpuMsPerRequest: single.service.cpuMsPerRequest,
      },
      rawSingle: single && {
        transactionsPerSecond: Math.round(single.raw.perSecond),
        failures: single.raw.failures,
        latencyMs: single.raw.latencyMs,
        clientCpuMsPerTransaction: single.raw.cpuMsPerRequest,
      },
      singleVersusRaw: single && single.service.perSecond / single.raw.perSecond,
      openLoop: open,
      goals,
    };
    const met = (goal: boolean | undefined) => (goal === undefined ? 'not measured' : goal ? 'met' : 'NOT met');
    const rows: string[][] = [];
    if (bulk) {
      rows.push(['bulk ingest, registrations/s', formatNumber(bulk.rate, 0), formatNumber(bulk.rawRate, 0), ratio(bulk.rate, bulk.rawRate)]);
    }
    if (single) {
      const { service: s, raw: r } = single;
      rows.push(
        [`single, closed loop ${settings.clients} clients, per s`, formatNumber(s.perSecond, 0), formatNumber(r.perSecond, 0), ratio(s.perSecond, r.perSecond)],
        ['single, closed loop p50 ms', formatNumber(s.latencyMs.p50), formatNumber(r.latencyMs.p50), ratio(s.latencyMs.p50, r.latencyMs.p50)],
        ['single, closed loop p99 ms', formatNumber(s.latencyMs.p99), formatNumber(r.latencyMs.p99), ratio(s.latencyMs.p99, r.latencyMs.p99)],
        ['single, closed loop failures', String(s.failures), String(r.failures), '-'],
        ['single, CPU ms per request (service; raw: this process)', formatNumber(s.cpuMsPerRequest), formatNumber(r.cpuMsPerRequest), '-'],
      );
    }
    if (open) {
      rows.push(
        [`single, open loop ${settings.rate}/s, p50 ms`, formatNumber(open.latencyMs?.p50), '-', '-'],
        [`single, open loop ${settings.rate}/s, p99 ms`, formatNumber(open.latencyMs?.p99), '-', '-'],
        [`single, open loop failures of ${open.sent}`, String(open.failures), '-', '-'],
      );
    }
    process.stdout.write(
      `\nRegistrations benchmark\n\n${formatTable(['measure', 'value', 'baseline (raw pg)', 'ratio'], rows)}\n\n` +
        `Goals: bulk >= ${GOALS.bulkVersusRaw}x raw: ${met(goals.bulkAtLeastHalfOfRaw)}; ` +
        `single >= ${GOALS.singleVersusRaw}x raw at ${settings.clients} connections: ${met(goals.singleAtLeastHalfOfRaw)}; ` +
        `open-loop p99 <= ${GOALS.openLoopP99Ms} ms at ${GOALS.openLoopRate}/s: ${met(goals.openLoopP99AtMost50MsAt400PerSecond)}\n` +
        `${firstFailure ? `First failure: ${firstFailure}\n` : ''}`,
    );
    const out = path.join(repositoryRoot(), 'dist', 'bench');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'registrations.json'), JSON.stringify(result, null, 2));
    if (settings.nodeArgs.length > 0) {
      // A --cpu-prof or --heap-prof file is written when the process exits by itself: give it time.
      await service.stop(120_000);
    }
  } finally {
    await cleanup.runAll();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
