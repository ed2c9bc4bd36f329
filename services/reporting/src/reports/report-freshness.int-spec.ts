import { randomUUID } from 'node:crypto';
import { ActivityHeldV1, ActivityScheduledV1, AdviceIssuedV1, RegistrationAcceptedV1 } from '@deelwijs/contracts';
import { InProcessService, waitFor } from '@deelwijs/testing';
import type { ReportingConfig } from '../config/reporting.config';
import { IndicatorActualsRepository } from '../indicators/indicator-actuals.repository';
import { reportingService } from '../reporting.service-definition';
import { ReportsService } from './reports.service';

/**
 * Issue 13: reports are answered from figures kept in memory (ReportFiguresCache). A report asked
 * right after a write has committed must show it, whatever wrote it (an event's projection, or
 * any statement on the tables), and a report date further on must count what happened meanwhile.
 * Every report here is asked once, right after the write is seen in the tables, never waited for.
 * (The workflow's, texts' and programme's own writes are made by statements here: what counts is
 * that any write raises the version, whoever makes it.)
 */
describe('report figures are never older than the last committed write (real PostgreSQL, NATS)', () => {
  let reporting: InProcessService<ReportingConfig>;
  const CODE = 'fresh-2025';
  const REPORT = `/v1/programmes/${CODE}/reports/2025`;
  const programme = {
    code: CODE,
    title: 'Versheid 2025',
    period: { start: '2025-01-01', end: '2025-12-31' },
    isDefaultForPeriod: true,
    prestaties: [
      {
        code: '1.1.1',
        title: 'Prestatie',
        aim: 'Kennis delen.',
        budget: { amountCents: 1_000_000 },
        actions: [{ number: 1, text: 'Activiteiten organiseren.' }],
        indicators: [
          { key: 'games', label: 'democratiespelen', measure: 'activities-held', filter: { activityTypes: ['democracy-game'] }, target: { kind: 'at-least', value: 1 } },
          { key: 'registrations', label: 'aanmeldingen', measure: 'registrations', target: { kind: 'at-least', value: 1 } },
          { key: 'participants', label: 'deelnemers', measure: 'participants', target: { kind: 'at-least', value: 1 } },
          { key: 'advices', label: 'adviezen', measure: 'advices-issued', target: { kind: 'at-least', value: 1 } },
        ],
      },
    ],
  };
  const activity = (startsAt: string) => ({
    activityId: randomUUID(),
    type: 'democracy-game',
    title: 'Democratiespel',
    prestatieCode: '1.1.1',
    actionNumber: 1,
    locationCategory: 'regular',
    startsAt,
    endsAt: new Date(new Date(startsAt).getTime() + 2 * 3600_000).toISOString(),
    plannedCostCents: 100_00,
  });
  const row = async (activityId: string) => (await reporting.query(`SELECT * FROM activity_facts WHERE activity_id = $1`, [activityId]))[0];
  const figure = (report: { prestaties: Array<{ indicators: Array<{ key: string; actual: number }> }> }, key: string) =>
    report.prestaties[0].indicators.find((indicator) => indicator.key === key)!.actual;
  const read = async () => (await reporting.request('GET', REPORT, { roles: ['reporter'] })).body;

  beforeAll(async () => {
    reporting = await InProcessService.start(reportingService, 'reporting', { CONSUMER_BACKOFF_MS: '50,100,200' });
    expect((await reporting.request('PUT', `/v1/programmes/${CODE}`, { roles: ['admin'], body: programme })).status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await reporting?.close();
  }, 60_000);

  it('shows an applied event in the next report, each time', async () => {
    const first = await read();
    expect(figure(first, 'games')).toBe(0);
    for (let held = 1; held <= 3; held++) {
      // Asked twice, so that the second answer comes from the kept figures, before the event.
      expect(figure(await read(), 'games')).toBe(held - 1);
      const game = activity('2025-03-0' + held + 'T10:00:00+01:00');
      await reporting.publish(ActivityHeldV1, { ...game, participants: 10, actualCostCents: 50_00, heldAt: game.endsAt });
      await waitFor(() => row(game.activityId), (found) => found?.held === true, { what: `activity ${held} held` });
      const after = await read();
      expect({ held, games: figure(after, 'games'), participants: figure(after, 'participants') }).toEqual({ held, games: held, participants: 10 * held });
    }

    const planned = activity('2025-11-20T10:00:00+01:00');
    await reporting.publish(ActivityScheduledV1, planned);
    await waitFor(() => row(planned.activityId), (found) => found?.prestatie_code === '1.1.1', { what: 'the planned activity' });
    expect(figure(await read(), 'registrations')).toBe(0);
    await reporting.publish(RegistrationAcceptedV1, { registrationId: randomUUID(), activityId: planned.activityId, kind: 'group', headcount: 17 });
    await waitFor(() => row(planned.activityId), (found) => found?.registered_headcount === 17, { what: 'the registration' });
    expect(figure(await read(), 'registrations')).toBe(17);

    const adviceId = randomUUID();
    await reporting.publish(AdviceIssuedV1, { adviceId, title: 'Advies', adviser: 'jongerenraad', solicited: false, prestatieCodes: ['1.1.1'], issuedAt: '2025-06-01T10:00:00+02:00' });
    await waitFor(() => reporting.query(`SELECT 1 FROM advices WHERE advice_id = $1`, [adviceId]), (rows) => rows.length === 1, { what: 'the advice' });
    expect(figure(await read(), 'advices')).toBe(1);
  }, 60_000);

  it('shows a change made by any statement on the tables, not only by the projection', async () => {
    const before = figure(await read(), 'participants');
    expect(figure(await read(), 'participants')).toBe(before);
    await reporting.query(`UPDATE activity_facts SET closed_participants = held_participants + 5 WHERE held`);
    expect(figure(await read(), 'participants')).toBe(before + 3 * 5);
  });

  it('shows a changed explanation, programme title or workflow state in the next report', async () => {
    const before = await read();
    expect(before.prestaties[0].explanation).toBeUndefined();
    await reporting.query(`INSERT INTO period_reports (programme_code, period, status) VALUES ($1, '2025', 'draft') ON CONFLICT DO NOTHING`, [CODE]);
    await reporting.query(`INSERT INTO explanations (programme_code, period, prestatie_code, text_nl, updated_by) VALUES ($1, '2025', '1.1.1', 'Uitleg.', 'test')`, [CODE]);
    expect((await read()).prestaties[0].explanation).toEqual({ nl: 'Uitleg.' });

    expect((await reporting.request('PUT', `/v1/programmes/${CODE}`, { roles: ['admin'], body: { ...programme, title: 'Versheid 2025, herzien' } })).status).toBe(200);
    expect((await read()).programme.title).toEqual({ nl: 'Versheid 2025, herzien' });

    await reporting.query(`UPDATE period_reports SET status = 'submitted', submitted_by = 'test', submitted_at = now() WHERE programme_code = $1 AND period = '2025'`, [CODE]);
    expect((await read()).workflow.status).toBe('submitted');
    await reporting.query(`UPDATE period_reports SET status = 'draft', submitted_by = NULL, submitted_at = NULL WHERE programme_code = $1 AND period = '2025'`, [CODE]);
    expect((await read()).workflow.status).toBe('draft');
  });

  it('counts what started between two report dates of a running period, and gives an earlier date its own figures', async () => {
    const reports = reporting.app.get(ReportsService);
    const actuals = reporting.app.get(IndicatorActualsRepository);
    const morning = activity('2025-09-10T09:00:00+02:00');
    await reporting.publish(ActivityHeldV1, { ...morning, participants: 4, actualCostCents: 10_00, heldAt: morning.endsAt });
    await waitFor(() => row(morning.activityId), (found) => found?.held === true, { what: 'the morning activity' });

    const games = async (now: string) => {
      const report = await reports.report(CODE, '2025', new Date(now));
      return figure(report, 'games');
    };
    const early = await games('2025-09-10T08:00:00+02:00');
    // Read again at a later date before the activity starts: the same figures hold.
    expect(await games('2025-09-10T08:59:59+02:00')).toBe(early);
    // At its start it is not yet counted (it counts once started before the report date), after it is.
    expect(await games('2025-09-10T09:00:00+02:00')).toBe(early);
    expect(await games('2025-09-10T09:00:01+02:00')).toBe(early + 1);
    // An earlier date again, after a later one: its own figures, as read afresh.
    expect(await games('2025-09-10T08:00:00+02:00')).toBe(early);
    const programmeDefinition = await reports.programme(CODE);
    for (const now of ['2025-09-10T08:00:00+02:00', '2025-09-10T12:00:00+02:00']) {
      const { indicators } = await actuals.compute(programmeDefinition, new Date(now));
      expect({ now, games: await games(now) }).toEqual({ now, games: indicators.find((found) => found.key === 'games')!.actual });
    }
  });
});
