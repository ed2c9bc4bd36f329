import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { parse, stringify } from 'yaml';
import {
  ActivityClosedV1,
  ActivityHeldV1,
  AdviceIssuedV1,
  KnowledgeItemPublishedV1,
  ProgrammePublishedV1,
  ProgrammeWithdrawnV1,
  ProgressReportApprovedV1,
} from '@deelwijs/contracts';
import { InProcessService, waitFor, withSharingTargets } from '@deelwijs/testing';
import type { ReportingConfig } from '../config/reporting.config';
import { reportingService } from '../reporting.service-definition';
import { readProgramme } from './programme-format';
import { ProgrammeRepository } from './programme.repository';
import { ProgrammesService } from './programmes.service';
import { seedProgrammeFile } from './seed-programme';

/**
 * Programmes as issue 11 has them: published to the other services through the outbox, each
 * report counting only its own programme's work (work naming none counts in the default of its
 * period), and interim reports of the reporting calendar. The service runs in-process on the
 * real PostgreSQL, NATS and Redis; every row it reads was written by its own consumers.
 */
describe('programme scope, publication and interim reports (real PostgreSQL, NATS, Redis)', () => {
  let reporting: InProcessService<ReportingConfig>;
  const seed = parse(withSharingTargets(readFileSync(seedProgrammeFile(), 'utf8')).replace(/2026/g, '2025'));
  const admin = { roles: ['admin' as const] };

  /** The seed programme (moved to 2025, a year that is over) under another code. */
  function programme(code: string, changes: Record<string, unknown> = {}) {
    return { ...seed, code, ...changes };
  }
  const put = (definition: Record<string, unknown>) =>
    reporting.request('PUT', `/v1/programmes/${String(definition.code)}`, { ...admin, raw: Buffer.from(stringify(definition)), contentType: 'application/yaml' });

  beforeAll(async () => {
    reporting = await InProcessService.start(reportingService, 'reporting-scope', { CONSUMER_BACKOFF_MS: '50,100,200' });
  }, 60_000);

  afterAll(async () => {
    await reporting?.close();
  }, 60_000);

  const game = (programmeCode: string | undefined, actionNumber = 1) => ({
    activityId: randomUUID(),
    type: 'democracy-game',
    title: 'Democratiespel',
    ...(programmeCode ? { programmeCode } : {}),
    prestatieCode: '7.2.3',
    actionNumber,
    locationCategory: 'regular',
    startsAt: '2025-05-13T09:00:00+02:00',
    endsAt: '2025-05-13T11:00:00+02:00',
    plannedCostCents: 500_00,
    participants: 25,
    actualCostCents: 400_00,
    heldAt: '2025-05-13T11:00:00+02:00',
  });
  const advice = (programmeCode: string | undefined) => ({
    adviceId: randomUUID(),
    title: 'Advies over het OV',
    adviser: 'jongerenraad',
    solicited: true,
    ...(programmeCode ? { programmeCode } : {}),
    prestatieCodes: ['7.2.3'],
    actions: [{ prestatieCode: '7.2.3', actionNumber: 4 }],
    issuedAt: '2025-06-01T10:00:00+02:00',
  });
  const figures = async (code: string): Promise<Record<string, number>> => {
    const report = (await reporting.request('GET', `/v1/programmes/${code}/reports/2025`, { roles: ['reporter'] })).body;
    const prestatie = report.prestaties.find((found: { code: string }) => found.code === '7.2.3');
    return {
      ...Object.fromEntries(prestatie.indicators.map((indicator: { key: string; actual: number }) => [indicator.key, indicator.actual])),
      spentCents: prestatie.budget.spentCents,
    };
  };

  it('publishes a programme when imported, changed and withdrawn, each with a higher version', async () => {
    expect((await put(programme('publish-2025', { isDefaultForPeriod: false }))).status).toBe(201);
    expect((await put(programme('publish-2025', { isDefaultForPeriod: false, title: 'Herzien' }))).status).toBe(200);
    const withdrawn = await reporting.request('POST', '/v1/programmes/publish-2025/withdrawal', admin);
    expect(withdrawn.status).toBe(200);
    expect((await reporting.request('POST', '/v1/programmes/publish-2025/withdrawal', admin)).status).toBe(409);
    expect((await reporting.request('POST', '/v1/programmes/nothing-here/withdrawal', admin)).status).toBe(404);
    expect((await reporting.request('POST', '/v1/programmes/publish-2025/withdrawal', { roles: ['reporter'] })).status).toBe(403);

    const published = (await reporting.outbox(ProgrammePublishedV1.subject)).filter((event) => event.programmeCode === 'publish-2025');
    expect(published.map((event) => [event.version, event.title.nl])).toEqual([
      [1, seed.title.nl],
      [2, 'Herzien'],
    ]);
    expect(published[0]).toMatchObject({
      period: { start: '2025-01-01', end: '2025-12-31' },
      isDefaultForPeriod: false,
      prestaties: [
        { code: '7.2.3', actions: expect.arrayContaining([expect.objectContaining({ number: 6 })]) },
        { code: '9.1.6', actions: expect.any(Array) },
      ],
    });
    expect(published[0].prestaties[0].actions.map((action: { number: number }) => action.number)).toEqual([1, 2, 3, 4, 5, 6]);
    // Budgets and targets stay in reporting.
    // (no key for an amount or a target; texts may of course say "target groups")
    expect(JSON.stringify(published[0])).not.toMatch(/"\w*(Cents|target)":/i);
    expect(await reporting.outbox(ProgrammeWithdrawnV1.subject)).toEqual([expect.objectContaining({ programmeCode: 'publish-2025', version: 3 })]);
    expect(withdrawn.body).toMatchObject({ code: 'publish-2025', version: 3 });

    // Imported again: in force again, with the next version.
    expect((await put(programme('publish-2025', { isDefaultForPeriod: false }))).status).toBe(200);
    const again = (await reporting.outbox(ProgrammePublishedV1.subject)).filter((event) => event.programmeCode === 'publish-2025');
    expect(again.at(-1).version).toBe(4);
  });

  it('publishes at start what was stored without a publication (the CLI import)', async () => {
    const definition = readProgramme(programme('cli-2025', { isDefaultForPeriod: false }), 'json');
    await new ProgrammeRepository(reporting.dataSource).save(definition);
    expect((await reporting.outbox(ProgrammePublishedV1.subject)).filter((event) => event.programmeCode === 'cli-2025')).toEqual([]);

    await reporting.app.get(ProgrammesService).onApplicationBootstrap();
    await reporting.app.get(ProgrammesService).onApplicationBootstrap();

    expect((await reporting.outbox(ProgrammePublishedV1.subject)).filter((event) => event.programmeCode === 'cli-2025')).toEqual([
      expect.objectContaining({ version: 1 }),
    ]);
  });

  it('allows one default programme per day, naming the field', async () => {
    expect((await put(programme('default-2025', { isDefaultForPeriod: true }))).status).toBe(201);
    const second = await put(
      programme('second-default-2025', { isDefaultForPeriod: true, period: { start: '2025-07-01', end: '2026-06-30' }, reportingCalendar: [] }),
    );

    expect(second.status).toBe(400);
    expect(second.body.invalidParams).toEqual([{ name: 'isDefaultForPeriod', reason: expect.stringContaining('default-2025') }]);
    expect((await reporting.request('GET', '/v1/programmes/second-default-2025', { roles: ['reporter'] })).status).toBe(404);
  });

  it('two programmes holding 7.2.3 for the same year never mix; a new one shows nothing before work is planned for it', async () => {
    // default-2025 (the default of 2025, from the test above) already has work of its own and work naming no programme.
    const own = [game('default-2025'), game('default-2025')];
    const unnamed = [game(undefined), game(undefined), game(undefined)];
    for (const activity of [...own, ...unnamed]) {
      await reporting.publish(ActivityHeldV1, activity);
    }
    await reporting.publish(AdviceIssuedV1, advice(undefined));
    await reporting.publish(KnowledgeItemPublishedV1, {
      itemId: randomUUID(),
      version: 1,
      kind: 'report',
      title: 'Monitor',
      language: 'nl',
      visibility: 'public',
      prestatieCodes: ['9.1.6'],
      publishedAt: '2025-06-01T10:00:00+02:00',
    });
    await waitFor(() => figures('default-2025'), (found) => found['democracy-games'] === 5 && found['youth-council-advices'] === 1, {
      what: 'the default programme to count its work',
    });

    // A revised budget for the same year, holding the same prestatie codes: nothing yet.
    expect((await put(programme('revised-2025', { isDefaultForPeriod: false }))).status).toBe(201);
    expect(await figures('revised-2025')).toEqual({
      'democracy-games': 0,
      'games-other-locations': 0,
      'guest-lessons': 0,
      'youth-council-advices': 0,
      costs: 0,
      spentCents: 0,
    });

    // Work planned for the revised programme counts there only; a closed event naming it too.
    const revised = [game('revised-2025'), game('revised-2025', 6)];
    for (const activity of revised) {
      await reporting.publish(ActivityHeldV1, activity);
    }
    await reporting.publish(ActivityClosedV1, {
      activityId: revised[0].activityId,
      programmeCode: 'revised-2025',
      prestatieCode: '7.2.3',
      participants: 30,
      actualCostCents: 450_00,
      closedAt: '2025-05-14T10:00:00+02:00',
    });
    await reporting.publish(AdviceIssuedV1, advice('revised-2025'));
    const revisedFigures = await waitFor(
      () => figures('revised-2025'),
      (found) => found['democracy-games'] === 1 && found['youth-council-advices'] === 1 && found.spentCents === 850_00 && found.costs === 850_00,
      { what: 'the revised programme to count its own work' },
    );
    expect(revisedFigures).toMatchObject({ 'democracy-games': 1, 'youth-council-advices': 1, costs: 850_00, spentCents: 850_00 });
    expect(await figures('default-2025')).toMatchObject({ 'democracy-games': 5, 'youth-council-advices': 1, costs: 5 * 400_00, spentCents: 5 * 400_00 });
    // A programme that is not the default counts nothing that names no programme.
    expect(await figures('publish-2025')).toMatchObject({ 'democracy-games': 0, 'youth-council-advices': 0, spentCents: 0 });
    const rows = await reporting.query(`SELECT programme_code, count(*)::int AS n FROM activity_facts GROUP BY 1 ORDER BY 1 NULLS LAST`);
    expect(rows).toEqual([
      { programme_code: 'default-2025', n: 2 },
      { programme_code: 'revised-2025', n: 2 },
      { programme_code: null, n: 3 },
    ]);
  }, 60_000);

  it('every action shows what was done under it, and every figure lists the work that makes it up, adding up to it', async () => {
    // A guest lesson to one school class under action 1, a meeting under action 3, both for the revised programme.
    const lesson = { ...game('revised-2025'), type: 'guest-lesson', title: 'Gastles Thorbecke', locationCategory: 'school', participants: 27, groups: 1 };
    const meeting = { ...game('revised-2025', 3), type: 'meeting', title: 'Dialoogavond', participants: 40 };
    await reporting.publish(ActivityHeldV1, lesson);
    await reporting.publish(ActivityHeldV1, meeting);
    const base = '/v1/programmes/revised-2025';
    const reporter = { roles: ['reporter' as const] };
    const text = { nl: 'Drie dialoogavonden voorbereid met de gemeente Zwolle.', en: 'Three dialogue evenings prepared with the municipality of Zwolle.' };
    expect((await reporting.request('PUT', `${base}/reports/2025/realisations/7.2.3/actions/3`, { ...reporter, body: text })).status).toBe(200);
    expect((await reporting.request('PUT', `${base}/reports/2025/realisations/7.2.3/actions/9`, { ...reporter, body: text })).status).toBe(404);
    expect((await reporting.request('PUT', `${base}/reports/2025/realisations/7.2.3/actions/0`, { ...reporter, body: text })).body.invalidParams).toEqual([
      { name: 'action', reason: 'action must be a whole number from 1 to 99' },
    ]);

    const report = await waitFor(
      async () => (await reporting.request('GET', `${base}/reports/2025`, reporter)).body,
      (body) => body.prestaties[0].actions[0].realisation.held === 2 && body.prestaties[0].actions[2].realisation.held === 1,
      { what: 'the lesson and the meeting to be projected' },
    );
    const actions = report.prestaties[0].actions;
    expect(actions.map((action: { number: number }) => action.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(actions[0].realisation).toMatchObject({
      activities: [
        { type: 'democracy-game', held: 1, participants: 30, groups: 0 },
        { type: 'guest-lesson', held: 1, participants: 27, groups: 1 },
      ],
      held: 2,
    });
    expect(actions[2].realisation).toMatchObject({ activities: [{ type: 'meeting', held: 1, participants: 40 }], text });
    expect(actions[3].realisation).toMatchObject({ held: 0, advices: 1 });
    expect(actions[5].realisation).toMatchObject({ activities: [{ type: 'democracy-game', held: 1 }] });
    expect(actions[1].realisation).toMatchObject({ held: 0, advices: 0, knowledgeProducts: 0 });
    const markdown = (await reporting.request('GET', `${base}/reports/2025/prestaties/7.2.3?format=md`, reporter)).text;
    expect(markdown).toContain('Realisatie: 1 democratiespel (30 deelnemers), 1 gastles (1 klas, 27 leerlingen).');
    expect(markdown).toContain(`Realisatie: 1 bijeenkomst (40 deelnemers). ${text.nl}`);
    expect((await reporting.request('GET', `${base}/reports/2025/prestaties/7.2.3?format=md&lang=en`, reporter)).text).toContain(
      'Realisation: 1 democracy game (30 participants), 1 guest lesson (1 class, 27 pupils).',
    );

    // Every figure of both programmes, and every action: the list adds up to what the report says.
    for (const code of ['revised-2025', 'default-2025']) {
      const shown = (await reporting.request('GET', `/v1/programmes/${code}/reports/2025`, reporter)).body;
      for (const prestatie of shown.prestaties) {
        for (const indicator of prestatie.indicators) {
          const list = await reporting.request('GET', `/v1/programmes/${code}/prestaties/${prestatie.code}/indicators/${indicator.key}/contributions?period=2025`, reporter);
          expect({ code, key: indicator.key, total: list.body.total }).toEqual({ code, key: indicator.key, total: indicator.actual });
          expect(list.body.items.reduce((sum: number, item: { value: number }) => sum + item.value, 0)).toBe(indicator.actual);
        }
        for (const action of prestatie.actions) {
          const list = await reporting.request('GET', `/v1/programmes/${code}/prestaties/${prestatie.code}/actions/${action.number}/contributions?period=2025`, reporter);
          const { held, participants, groups, advices, knowledgeProducts } = action.realisation;
          expect({ code, action: action.number, ...list.body.totals }).toEqual({ code, action: action.number, held, participants, groups, advices, knowledgeProducts });
        }
      }
    }
    const games = await reporting.request('GET', `${base}/prestaties/7.2.3/indicators/democracy-games/contributions?period=2025`, reporter);
    expect(games.body.items).toEqual([
      expect.objectContaining({ kind: 'activity', title: 'Democratiespel', value: 1, link: expect.stringMatching(/^\/v1\/activities\/[0-9a-f-]{36}$/) }),
    ]);
    const advicesOfAction4 = await reporting.request('GET', `${base}/prestaties/7.2.3/actions/4/contributions?period=2025`, reporter);
    expect(advicesOfAction4.body.items).toEqual([expect.objectContaining({ kind: 'advice', title: 'Advies over het OV', link: expect.stringMatching(/^\/v1\/advices\//) })]);
    expect((await reporting.request('GET', `${base}/prestaties/7.2.3/indicators/nothing/contributions?period=2025`, reporter)).status).toBe(404);
    expect((await reporting.request('GET', `${base}/prestaties/7.2.3/indicators/costs/contributions`, reporter)).body.invalidParams).toEqual([
      expect.objectContaining({ name: 'period' }),
    ]);
    expect((await reporting.request('GET', `${base}/prestaties/7.2.3/indicators/costs/contributions?period=2025`, { roles: ['organiser'] })).status).toBe(403);
  }, 60_000);

  it('interim reports: submitted and approved once their stand-per date has passed, before the year ends, then locked', async () => {
    const today = DateTime.now().setZone('Europe/Amsterdam').startOf('day');
    const iso = (date: DateTime) => date.toISODate()!;
    const running = programme('running-year', {
      isDefaultForPeriod: false,
      period: { start: iso(today.minus({ days: 200 })), end: iso(today.plus({ days: 100 })) },
      reportingCalendar: [
        { key: 'voorjaarsnota', label: { nl: 'Voorjaarsnota', en: 'Spring memorandum' }, standPer: iso(today.minus({ days: 10 })) },
        { key: 'najaarsrapportage', label: { nl: 'Najaarsrapportage', en: 'Autumn report' }, standPer: iso(today.plus({ days: 20 })) },
      ],
    });
    expect((await put(running)).status).toBe(201);
    const base = '/v1/programmes/running-year/reports';
    const reporter = { roles: ['reporter' as const] };
    // 9.1.6 has nothing: explain it, so the interim report may be submitted.
    const explanation = { nl: 'De kennisproducten volgen in het najaar.', en: 'The knowledge products follow in the autumn.' };

    const interim = await reporting.request('GET', `${base}/voorjaarsnota`, reporter);
    expect(interim.status).toBe(200);
    expect(interim.body.period).toMatchObject({ id: 'voorjaarsnota', standPer: iso(today.minus({ days: 10 })), end: iso(today.minus({ days: 10 })) });
    expect(interim.body.asOf).toBe(iso(today.minus({ days: 10 })));
    expect((await reporting.request('GET', `${base}/voorjaarsnota?format=md`, reporter)).text).toContain('Voorjaarsnota, stand per');

    // Not yet: the autumn report's date has not passed, nor has the year.
    expect((await reporting.request('POST', `${base}/najaarsrapportage/submission`, reporter)).status).toBe(409);
    const year = String(today.minus({ days: 200 }).year);
    expect((await reporting.request('POST', `${base}/${year}/submission`, reporter)).status).toBe(409);
    expect((await reporting.request('GET', `${base}/kerstrapportage`, reporter)).body.invalidParams).toEqual([
      { name: 'period', reason: expect.stringContaining('voorjaarsnota, najaarsrapportage') },
    ]);

    for (const prestatie of ['7.2.3', '9.1.6']) {
      expect((await reporting.request('PUT', `${base}/voorjaarsnota/explanations/${prestatie}`, { ...reporter, body: explanation })).status).toBe(200);
    }
    expect((await reporting.request('POST', `${base}/voorjaarsnota/submission`, reporter)).status).toBe(200);
    const approved = await reporting.request('POST', `${base}/voorjaarsnota/approval`, { roles: ['approver'] });
    expect(approved.status).toBe(200);
    expect(approved.body.workflow).toMatchObject({ status: 'approved', locked: true });
    expect((await reporting.request('PUT', `${base}/voorjaarsnota/explanations/9.1.6`, { ...reporter, body: explanation })).status).toBe(409);
    expect((await reporting.request('POST', `${base}/voorjaarsnota/submission`, reporter)).status).toBe(409);
    expect((await reporting.outbox(ProgressReportApprovedV1.subject)).filter((event) => event.programmeCode === 'running-year')).toEqual([
      expect.objectContaining({ period: 'voorjaarsnota', standPer: iso(today.minus({ days: 10 })) }),
    ]);
    // The year report is a report of its own, still a draft.
    expect((await reporting.request('GET', `${base}/${year}`, reporter)).body.workflow).toEqual({ status: 'draft', locked: false });
  }, 60_000);
});
