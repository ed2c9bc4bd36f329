/**
 * Registrations benchmark (`npm run bench -- registrations`).
 *
 * 1. Bulk ingest: POST /v1/registrations/bulk with BENCH_BULK_SIZE (10,000) registrations per
 *    request, BENCH_BULK_REQUESTS times, in registrations per second; next to the baseline, a
 *    raw `pg` multi-row INSERT of the same rows into the same table, in the same run.
 *    Goal: bulk ingest at least half the raw insert rate.
 * 2. Single registrations: BENCH_CLIENTS (50) concurrent clients POSTing one registration at a
 *    time for BENCH_SECONDS (15) to random ones of BENCH_ACTIVITIES (100) activities; requests
 *    per second and p50/p95/p99. Goal: p99 under 50 ms.
 *
 * Everything runs against a real activities service process, PostgreSQL, NATS and Redis.
 * Results are printed and written to dist/bench/registrations.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { repositoryRoot, staffToken, TestSystem } from '@deelwijs/testing';
import { Cleanup, formatNumber, formatTable, progress, ratio, summarize, withProgress } from '@deelwijs/testing/bench';

const settings = {
  bulkSize: Number(process.env.BENCH_BULK_SIZE ?? 10_000),
  bulkRequests: Number(process.env.BENCH_BULK_REQUESTS ?? 5),
  clients: Number(process.env.BENCH_CLIENTS ?? 50),
  seconds: Number(process.env.BENCH_SECONDS ?? 15),
  activities: Number(process.env.BENCH_ACTIVITIES ?? 100),
};

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

async function main(): Promise<void> {
  const cleanup = new Cleanup();
  process.once('SIGINT', () => void cleanup.runAll().then(() => process.exit(130)));
  const system = new TestSystem('bench_registrations');
  cleanup.add('test system', () => system.cleanUp());
  try {
    progress(`settings: ${JSON.stringify(settings)}`);
    const databaseUrl = await system.database('bench_registrations');
    const service = await system.start('activities', databaseUrl, { LOG_LEVEL: 'warn' });
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    cleanup.add('pg client', () => client.end());

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
      headers: { authorization: `Bearer ${staffToken(['partner'], PARTNER)}` },
      body: { items: Array.from({ length: 100 }, (_, n) => registrationItem(warm, 1_000_000 + n)) },
    });

    // 1. Bulk ingest against the raw insert, interleaved so both see the same table size.
    const bulkMs: number[] = [];
    const rawMs: number[] = [];
    const partner = { authorization: `Bearer ${staffToken(['partner'], PARTNER)}` };
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
    const bulkRate = perSecond(bulkMs);
    const rawRate = perSecond(rawMs);

    // 2. Single registrations from concurrent clients, closed loop, spread over as many
    // activities as a programme has open at once (one activity would measure only its row lock).
    const activityIds = await Promise.all(Array.from({ length: settings.activities }, createActivity));
    const latencies: number[] = [];
    let failures = 0;
    let firstFailure: string | undefined;
    let sequence = 10_000_000;
    const deadline = Date.now() + settings.seconds * 1000;
    const runClient = async () => {
      while (Date.now() < deadline) {
        const started = performance.now();
        const activityId = activityIds[Math.floor(Math.random() * activityIds.length)];
        const body: Partial<ReturnType<typeof registrationItem>> = registrationItem(activityId, (sequence += 1));
        delete body.activityId;
        const response = await service.request('POST', `/v1/activities/${activityId}/registrations`, { headers: partner, body });
        latencies.push(performance.now() - started);
        if (response.status !== 201) {
          failures += 1;
          firstFailure ??= `${response.status} ${JSON.stringify(response.body).slice(0, 300)}`;
        }
      }
    };
    const singleStarted = performance.now();
    await withProgress(Promise.all(Array.from({ length: settings.clients }, runClient)), () => `single POSTs: ${latencies.length} done`);
    const singleSeconds = (performance.now() - singleStarted) / 1000;
    const single = summarize(latencies)!;

    const result = {
      settings,
      bulk: { registrationsPerSecond: Math.round(bulkRate), meanRequestMs: Math.round(bulkMs.reduce((a, b) => a + b, 0) / bulkMs.length) },
      rawInsert: { registrationsPerSecond: Math.round(rawRate) },
      bulkVersusRaw: bulkRate / rawRate,
      single: { requestsPerSecond: Math.round(latencies.length / singleSeconds), failures, latencyMs: single },
      goals: { bulkAtLeastHalfOfRaw: bulkRate >= rawRate / 2, singleP99Under50Ms: single.p99 < 50 },
    };
    process.stdout.write(
      `\nRegistrations benchmark\n\n${formatTable(
        ['measure', 'value', 'baseline (raw pg)', 'ratio'],
        [
          ['bulk ingest, registrations/s', formatNumber(bulkRate, 0), formatNumber(rawRate, 0), ratio(bulkRate, rawRate)],
          ['single POST, requests/s', formatNumber(result.single.requestsPerSecond, 0), '-', '-'],
          ['single POST p50 ms', formatNumber(single.p50), '-', '-'],
          ['single POST p95 ms', formatNumber(single.p95), '-', '-'],
          ['single POST p99 ms', formatNumber(single.p99), '-', '-'],
          ['single POST failures', String(failures), '-', '-'],
        ],
      )}\n\nGoals: bulk >= 0.5x raw: ${result.goals.bulkAtLeastHalfOfRaw ? 'met' : 'NOT met'}; single p99 < 50 ms at ${settings.clients} clients: ${
        result.goals.singleP99Under50Ms ? 'met' : 'NOT met'
      }\n${firstFailure ? `First failure: ${firstFailure}\n` : ''}`,
    );
    const out = path.join(repositoryRoot(), 'dist', 'bench');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'registrations.json'), JSON.stringify(result, null, 2));
  } finally {
    await cleanup.runAll();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
