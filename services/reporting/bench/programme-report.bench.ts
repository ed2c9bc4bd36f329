/**
 * Programme report benchmark (`npm run bench -- programme-report`).
 *
 * 1. Report cost against history: the programme report (20 prestaties, 4 indicators and a
 *    budget each) over 50,000 activities, requested from a real reporting process over HTTP,
 *    first with 1,000 registrations, then with 1,000,000. In the same run, the same numbers
 *    computed with one GROUP BY over the raw rows (activities and registrations as the
 *    activities service holds them). The numbers must agree; the goal is a report that costs
 *    the same at 1,000,000 registrations as at 1,000, because it reads projections (each
 *    activity's registered headcount), not history.
 * 2. Projection throughput: BENCH_EVENTS registration events published to JetStream as the
 *    activities relay would, applied by the reporting process's durable consumer; events per
 *    second from the first publish until the last is in the inbox.
 *
 * The projection rows for part 1 are written set-based from the raw rows (what replaying their
 * events would produce, checked by the agreement of the numbers); replaying 1,050,000 events
 * would take minutes and measure part 2 again.
 *
 * Settings: BENCH_ACTIVITIES (50000), BENCH_REGISTRATIONS (1000000), BENCH_REPORT_RUNS (20),
 * BENCH_EVENTS (20000); BENCH_CPU_PROF=<dir> writes the reporting process's CPU profile there.
 * Results, with the ratios to the GROUP BY and whether each goal of issue 13 is met, are printed
 * and written to dist/bench/programme-report.json. The HTTP floor (the process's liveness answer,
 * no database) of the same run shows what a request costs on the machine as it is loaded.
 */
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createEnvelope, EventNamespace, RegistrationAcceptedV1 } from '@deelwijs/contracts';
import { repositoryRoot, staffToken, TEST_NATS, TestSystem } from '@deelwijs/testing';
import { Cleanup, formatNumber, formatTable, progress, ratio, summarize } from '@deelwijs/testing/bench';

const settings = {
  activities: Number(process.env.BENCH_ACTIVITIES ?? 50_000),
  registrations: Number(process.env.BENCH_REGISTRATIONS ?? 1_000_000),
  reportRuns: Number(process.env.BENCH_REPORT_RUNS ?? 20),
  events: Number(process.env.BENCH_EVENTS ?? 20_000),
};
const PRESTATIES = 20;
const SMALL = 1_000;

function programme() {
  return {
    code: 'bench-2025',
    title: 'Benchmarkprogramma 2025',
    period: { start: '2025-01-01', end: '2025-12-31' },
    // The bench's events name no programme: they count in the default programme of 2025.
    isDefaultForPeriod: true,
    prestaties: Array.from({ length: PRESTATIES }, (_, index) => ({
      code: `1.1.${index + 1}`,
      title: `Prestatie ${index + 1}`,
      aim: 'Kennis delen.',
      budget: { amountCents: 1_000_000_00 },
      actions: [{ number: 1, text: 'Activiteiten organiseren.' }],
      indicators: [
        { key: 'games', label: 'democratiespelen', measure: 'activities-held', filter: { activityTypes: ['democracy-game'] }, target: { kind: 'at-most', value: 1_000 } },
        { key: 'participants', label: 'deelnemers', measure: 'participants', target: { kind: 'at-least', value: 10 } },
        { key: 'registrations', label: 'aanmeldingen', measure: 'registrations', target: { kind: 'at-least', value: 10 } },
        { key: 'cost', label: 'lasten', measure: 'cost', target: { kind: 'at-most', value: 1_000_000_00 } },
      ],
    })),
  };
}

/** Raw rows as the activities service holds them, generated in the database. */
async function createRawRows(db: Client): Promise<void> {
  await db.query(`
    CREATE TABLE bench_raw_activities AS
    SELECT i AS idx, gen_random_uuid() AS id, '1.1.' || (i % ${PRESTATIES} + 1) AS prestatie_code,
           (ARRAY['democracy-game', 'guest-lesson', 'workshop', 'lecture'])[i % 4 + 1] AS type,
           (ARRAY['regular', 'school', 'other-location'])[i % 3 + 1] AS location_category,
           timestamptz '2025-01-01 09:00+01' + (i % 360) * interval '1 day' AS starts_at,
           i % 5 <> 0 AS held, i % 50 = 0 AS cancelled, i % 37 AS participants,
           (i % 7) * 10000 AS cost_cents, 50000 AS planned_cost_cents
      FROM generate_series(0, ${settings.activities - 1}) AS i`);
  await db.query(`CREATE UNIQUE INDEX ON bench_raw_activities (idx)`);
  await db.query(`CREATE TABLE bench_raw_registrations (id uuid, activity_id uuid, headcount int, status text)`);
}

async function addRegistrations(db: Client, from: number, to: number): Promise<void> {
  await db.query(
    `INSERT INTO bench_raw_registrations
     SELECT gen_random_uuid(), a.id, CASE WHEN j % 20 = 0 THEN 25 ELSE 1 END, CASE WHEN j % 10 = 0 THEN 'cancelled' ELSE 'accepted' END
       FROM generate_series($1::bigint, $2::bigint) AS j JOIN bench_raw_activities a ON a.idx = (j * 7919) % $3::bigint`,
    [from, to - 1, settings.activities],
  );
}

/** The projection rows replaying the raw rows' events would produce. */
async function project(db: Client, firstTime: boolean): Promise<void> {
  if (firstTime) {
    await db.query(`
      INSERT INTO activity_facts (activity_id, prestatie_code, type, location_category, action_number, starts_at, ends_at,
                                  planned_cost_cents, facts_version, times_version, cancelled, held, held_participants, held_cost_cents)
      SELECT id, prestatie_code, type, location_category, 1, starts_at, starts_at + interval '2 hours', planned_cost_cents,
             'bench', 'bench', cancelled, held, CASE WHEN held THEN participants END, CASE WHEN held THEN cost_cents END
        FROM bench_raw_activities`);
  }
  await db.query(`TRUNCATE registration_states`);
  await db.query(`INSERT INTO registration_states SELECT id, activity_id, headcount, status, 'bench' FROM bench_raw_registrations`);
  await db.query(`
    UPDATE activity_facts f SET registered_headcount = COALESCE(r.n, 0)
      FROM bench_raw_activities a
      LEFT JOIN (SELECT activity_id, sum(headcount) AS n FROM bench_raw_registrations WHERE status = 'accepted' GROUP BY activity_id) r
        ON r.activity_id = a.id
     WHERE f.activity_id = a.id`);
  await db.query(`VACUUM ANALYZE activity_facts`);
  await db.query(`VACUUM ANALYZE registration_states`);
  await db.query(`ANALYZE bench_raw_registrations`);
}

type Figures = Record<string, { games: number; participants: number; registrations: number; cost: number }>;

/** The baseline: the same numbers from the raw rows, registrations summed per activity then per prestatie. */
async function groupBy(db: Client): Promise<{ ms: number; figures: Figures }> {
  const started = performance.now();
  const { rows } = await db.query(`
    SELECT a.prestatie_code,
           count(*) FILTER (WHERE a.held AND a.type = 'democracy-game') AS games,
           COALESCE(sum(a.participants) FILTER (WHERE a.held), 0) AS participants,
           COALESCE(sum(r.n) FILTER (WHERE NOT a.cancelled), 0) AS registrations,
           COALESCE(sum(a.cost_cents) FILTER (WHERE a.held), 0) AS cost
      FROM bench_raw_activities a
      LEFT JOIN (SELECT activity_id, sum(headcount) AS n FROM bench_raw_registrations WHERE status = 'accepted' GROUP BY activity_id) r
        ON r.activity_id = a.id
     GROUP BY a.prestatie_code`);
  const ms = performance.now() - started;
  const figures: Figures = {};
  for (const row of rows) {
    figures[row.prestatie_code] = { games: Number(row.games), participants: Number(row.participants), registrations: Number(row.registrations), cost: Number(row.cost) };
  }
  return { ms, figures };
}

async function report(url: string): Promise<{ ms: number; figures: Figures }> {
  const started = performance.now();
  const response = await fetch(`${url}/v1/programmes/bench-2025/reports/2025`, { headers: { authorization: `Bearer ${staffToken(['reporter'])}` } });
  const body = (await response.json()) as { prestaties: Array<{ code: string; indicators: Array<{ key: string; actual: number }> }> };
  const ms = performance.now() - started;
  if (response.status !== 200) {
    throw new Error(`report answered ${response.status}: ${JSON.stringify(body)}`);
  }
  const figures: Figures = {};
  for (const prestatie of body.prestaties) {
    const value = (key: string) => prestatie.indicators.find((indicator) => indicator.key === key)!.actual;
    figures[prestatie.code] = { games: value('games'), participants: value('participants'), registrations: value('registrations'), cost: value('cost') };
  }
  return { ms, figures };
}

/** The HTTP floor: the reporting process's liveness answer, no database, over the same connection path. */
async function live(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/health/live`);
  await response.text();
  return performance.now() - started;
}

async function measure(db: Client, url: string, label: string) {
  // Warm-up: JIT, connection pool, PostgreSQL caches, for both alike.
  for (let run = 0; run < 3; run++) {
    await report(url);
    await groupBy(db);
  }
  const reportMs: number[] = [];
  const groupByMs: number[] = [];
  const floorMs: number[] = [];
  let reported: Figures = {};
  let grouped: Figures = {};
  for (let run = 0; run < settings.reportRuns; run++) {
    const fromReport = await report(url);
    const fromRaw = await groupBy(db);
    floorMs.push(await live(url));
    reportMs.push(fromReport.ms);
    groupByMs.push(fromRaw.ms);
    reported = fromReport.figures;
    grouped = fromRaw.figures;
  }
  const agree = JSON.stringify(Object.entries(reported).sort()) === JSON.stringify(Object.entries(grouped).sort());
  progress(`${label}: report p50 ${formatNumber(summarize(reportMs)?.p50)} ms, GROUP BY p50 ${formatNumber(summarize(groupByMs)?.p50)} ms, numbers agree: ${agree}`);
  if (!agree) {
    throw new Error(`report and GROUP BY disagree at ${label}:\n${JSON.stringify(reported)}\n${JSON.stringify(grouped)}`);
  }
  return { label, report: summarize(reportMs)!, groupBy: summarize(groupByMs)!, httpFloor: summarize(floorMs)!, registrationsPerPrestatie: reported['1.1.1'].registrations };
}

/** Issue 13's goals: p50 at most 10 ms at both sizes, and never slower than the GROUP BY in the same run. */
function goalsOf(small: Awaited<ReturnType<typeof measure>>, large: Awaited<ReturnType<typeof measure>>) {
  return [
    { goal: `report p50 at ${small.label} <= 10 ms`, value: small.report.p50, unit: 'ms', met: small.report.p50 <= 10 },
    { goal: `report p50 at ${large.label} <= 10 ms`, value: large.report.p50, unit: 'ms', met: large.report.p50 <= 10 },
    { goal: `report p50 / GROUP BY p50 at ${small.label} <= 1`, value: small.report.p50 / small.groupBy.p50, unit: 'x', met: small.report.p50 <= small.groupBy.p50 },
    { goal: `report p50 / GROUP BY p50 at ${large.label} <= 1`, value: large.report.p50 / large.groupBy.p50, unit: 'x', met: large.report.p50 <= large.groupBy.p50 },
  ];
}

async function throughput(db: Client, namespace: string): Promise<{ events: number; seconds: number; perSecond: number }> {
  const nc = await connect({ servers: TEST_NATS });
  try {
    const js = jetstream(nc);
    const ns = new EventNamespace(namespace);
    const { rows } = await db.query(`SELECT id FROM bench_raw_activities ORDER BY idx LIMIT 1000`);
    const [{ before }] = (await db.query(`SELECT count(*)::int AS before FROM inbox`)).rows;
    const started = performance.now();
    for (let sent = 0; sent < settings.events; sent += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, settings.events - sent) }, (_, index) => {
          const envelope = createEnvelope(
            RegistrationAcceptedV1.subject,
            { registrationId: randomUUID(), activityId: rows[(sent + index) % rows.length].id, kind: 'individual', headcount: 1 },
            { producer: 'bench' },
          );
          return js.publish(ns.subject(RegistrationAcceptedV1.subject), JSON.stringify(envelope), { msgID: envelope.eventId });
        }),
      );
    }
    progress(`published ${settings.events} events in ${formatNumber((performance.now() - started) / 1000)} s; waiting for the projection`);
    for (;;) {
      const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM inbox`)).rows;
      if (n - before >= settings.events) {
        break;
      }
      if (performance.now() - started > 600_000) {
        throw new Error(`only ${n - before} of ${settings.events} events applied after 10 minutes`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    return { events: settings.events, seconds, perSecond: settings.events / seconds };
  } finally {
    await nc.close();
  }
}

async function main(): Promise<number> {
  const cleanup = new Cleanup();
  process.once('SIGINT', () => void cleanup.runAll().then(() => process.exit(130)));
  const system = new TestSystem('bench_report');
  cleanup.add('test system', () => system.cleanUp());
  try {
    progress(`settings: ${JSON.stringify(settings)}`);
    const databaseUrl = await system.database('bench_report');
    // Readiness allowing for a shared machine: it measures nothing.
    const nodeArgs = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    const reporting = await system.start('reporting', databaseUrl, { LOG_LEVEL: 'warn' }, { readyTimeoutMs: 120_000, nodeArgs });
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    cleanup.add('database connection', () => db.end());
    const imported = await fetch(`${reporting.url}/v1/programmes/bench-2025`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${staffToken(['admin'])}`, 'content-type': 'application/json' },
      body: JSON.stringify(programme()),
    });
    if (imported.status !== 201) {
      throw new Error(`programme import answered ${imported.status}: ${await imported.text()}`);
    }

    progress(`generating ${settings.activities} activities and ${SMALL} registrations`);
    await createRawRows(db);
    await addRegistrations(db, 0, SMALL);
    await project(db, true);
    const small = await measure(db, reporting.url, `${SMALL} registrations`);

    progress(`adding registrations up to ${settings.registrations}`);
    await addRegistrations(db, SMALL, settings.registrations);
    await project(db, false);
    const large = await measure(db, reporting.url, `${settings.registrations} registrations`);

    progress(`projection throughput: ${settings.events} registration events through JetStream`);
    const projection = await throughput(db, system.namespace);

    const rows = [small, large].map((result) => [
      result.label,
      formatNumber(result.report.p50),
      formatNumber(result.report.p95),
      formatNumber(result.groupBy.p50),
      formatNumber(result.groupBy.p95),
      ratio(result.report.p50, result.groupBy.p50),
      formatNumber(result.httpFloor.p50),
    ]);
    process.stdout.write(
      `\nProgramme report, ${PRESTATIES} prestaties, ${settings.activities} activities (ms, ${settings.reportRuns} runs each)\n` +
        formatTable(['history', 'report p50', 'report p95', 'GROUP BY p50', 'GROUP BY p95', 'report/GROUP BY', 'HTTP floor p50'], rows) +
        `\nReport at ${settings.registrations} vs ${SMALL} registrations (p50): ${formatNumber(large.report.p50 / small.report.p50)}x; ` +
        `GROUP BY: ${formatNumber(large.groupBy.p50 / small.groupBy.p50)}x\n` +
        `Projection throughput: ${projection.events} events in ${formatNumber(projection.seconds)} s = ${formatNumber(projection.perSecond, 0)} events/s\n`,
    );
    const goals = goalsOf(small, large);
    process.stdout.write(
      goals.map((goal) => `Goal ${goal.goal}: ${formatNumber(goal.value)} ${goal.unit} (${goal.met ? 'met' : 'missed'})`).join('\n') + '\n',
    );
    const file = path.join(repositoryRoot(), 'dist', 'bench', 'programme-report.json');
    mkdirSync(path.dirname(file), { recursive: true });
    const ratios = {
      smallReportToGroupBy: small.report.p50 / small.groupBy.p50,
      largeReportToGroupBy: large.report.p50 / large.groupBy.p50,
      reportLargeToSmall: large.report.p50 / small.report.p50,
      groupByLargeToSmall: large.groupBy.p50 / small.groupBy.p50,
    };
    writeFileSync(file, `${JSON.stringify({ finishedAt: new Date().toISOString(), settings, small, large, ratios, goals, projection }, null, 2)}\n`);
    process.stdout.write(`Results written to ${path.relative(process.cwd(), file)}\n`);
    return 0;
  } finally {
    progress('cleaning up');
    await cleanup.runAll();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
