import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ActivityCancelledV1, ActivityHeldV1, ActivityScheduledV1 } from '@deelwijs/contracts';
import { InProcessService, waitFor } from '@deelwijs/testing';
import type { ReportingConfig } from '../config/reporting.config';
import { seedProgrammeFile } from '../programmes/seed-programme';
import { reportingService } from '../reporting.service-definition';

/**
 * The burn-up behind a report's Financiën section, on the real PostgreSQL and NATS: activities
 * arrive as the activities service's events; the months add up to the report's spent and
 * committed. The seed programme is moved to 2025, so its year is over whenever this runs.
 */
describe('spending over the year (real PostgreSQL, NATS)', () => {
  let reporting: InProcessService<ReportingConfig>;
  const CODE = 'overijssel-2025';
  const yaml = readFileSync(seedProgrammeFile(), 'utf8').replace(/overijssel-2026/g, CODE).replace(/2026/g, '2025');
  const SPENDING = `/v1/programmes/${CODE}/prestaties/7.2.3/spending`;

  const activity = (startsAt: string, plannedCostCents: number, prestatieCode = '7.2.3') => ({
    activityId: randomUUID(),
    type: 'workshop',
    title: `workshop ${startsAt}`,
    prestatieCode,
    locationCategory: 'regular',
    startsAt,
    endsAt: startsAt.replace('T09:', 'T11:'),
    plannedCostCents,
  });
  const held = (facts: ReturnType<typeof activity>, actualCostCents: number) =>
    reporting.publish(ActivityHeldV1, { ...facts, participants: 10, actualCostCents, heldAt: facts.endsAt });

  beforeAll(async () => {
    reporting = await InProcessService.start(reportingService, 'spending', {});
    const created = await reporting.request('PUT', `/v1/programmes/${CODE}`, { roles: ['admin'], raw: Buffer.from(yaml), contentType: 'application/yaml' });
    expect(created.status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await reporting?.close();
  }, 60_000);

  it('runs spent and spent + committed on month by month, ending at the report’s Financiën figures', async () => {
    const january = activity('2025-01-14T09:00:00+01:00', 900_00);
    const march = [activity('2025-03-03T09:00:00+01:00', 1_000_00), activity('2025-03-31T09:00:00+02:00', 1_000_00)];
    const planned = activity('2025-11-20T09:00:00+01:00', 2_500_00);
    const cancelled = activity('2025-06-10T09:00:00+02:00', 7_000_00);
    const otherPrestatie = activity('2025-03-10T09:00:00+01:00', 4_000_00, '9.1.6');
    const published = [
      await held(january, 1_200_00),
      await held(march[0], 800_00),
      await held(march[1], 1_100_00),
      await held(otherPrestatie, 3_000_00),
      await reporting.publish(ActivityScheduledV1, planned),
      await reporting.publish(ActivityScheduledV1, cancelled),
      await reporting.publish(ActivityCancelledV1, { activityId: cancelled.activityId, previousStatus: 'published', cancelledAt: '2025-05-01T10:00:00+02:00' }),
    ];
    // Every event in the inbox: the consumer applies a batch at once, in no promised order across activities.
    const eventIds = published.map((event) => event.eventId);
    await waitFor(
      () => reporting.query(`SELECT event_id FROM inbox WHERE event_id = ANY ($1)`, [eventIds]),
      (rows) => rows.length === eventIds.length,
      { what: 'the events applied' },
    );

    const answer = await reporting.request('GET', `${SPENDING}?period=2025`, { roles: ['reporter'] });
    expect(answer.status).toBe(200);
    const spending = answer.body;
    expect(spending).toMatchObject({ programmeCode: CODE, period: '2025', prestatieCode: '7.2.3', asOf: '2025-12-31', budgetCents: 31_000_000 });
    expect(spending.months).toHaveLength(12);
    const at = (month: string) => spending.months.find((point: { month: string }) => point.month === month);
    expect(at('2025-01')).toEqual({ month: '2025-01', spentCents: 1_200_00, forecastCents: 1_200_00 });
    expect(at('2025-02')).toEqual({ month: '2025-02', spentCents: 1_200_00, forecastCents: 1_200_00 });
    // The last day of March at 09:00 summer time is still March in Amsterdam.
    expect(at('2025-03')).toEqual({ month: '2025-03', spentCents: 3_100_00, forecastCents: 3_100_00 });
    expect(at('2025-11')).toEqual({ month: '2025-11', spentCents: 3_100_00, forecastCents: 5_600_00 });
    expect(at('2025-12')).toEqual(at('2025-11') && { ...at('2025-11'), month: '2025-12' });

    const report = await reporting.request('GET', `/v1/programmes/${CODE}/reports/2025/prestaties/7.2.3`, { roles: ['reporter'] });
    const budget = report.body.prestaties[0].budget;
    expect({ spentCents: spending.spentCents, committedCents: spending.committedCents }).toEqual({ spentCents: budget.spentCents, committedCents: budget.committedCents });
    expect(at('2025-12').forecastCents).toBe(budget.spentCents + budget.committedCents);

    // An interim report counts what was spent up to its stand-per date (voorjaarsnota: 30 April).
    const spring = await reporting.request('GET', `${SPENDING}?period=voorjaarsnota`, { roles: ['approver'] });
    const springReport = await reporting.request('GET', `/v1/programmes/${CODE}/reports/voorjaarsnota/prestaties/7.2.3`, { roles: ['approver'] });
    expect(spring.body.asOf).toBe('2025-04-30');
    expect(spring.body.spentCents).toBe(springReport.body.prestaties[0].budget.spentCents);
  });

  it('answers every prestatie at once, each as its own answer and summing to the report’s Financiën figures', async () => {
    // Runs after the test above: 7.2.3 and 9.1.6 both have activities by now.
    const answer = await reporting.request('GET', `/v1/programmes/${CODE}/spending?period=2025`, { roles: ['reporter'] });
    expect(answer.status).toBe(200);
    const report = await reporting.request('GET', `/v1/programmes/${CODE}/reports/2025`, { roles: ['reporter'] });
    const prestaties: { code: string; budget?: { spentCents: number; committedCents: number } }[] = report.body.prestaties;
    expect(answer.body).toMatchObject({ programmeCode: CODE, period: '2025', asOf: '2025-12-31' });
    expect(answer.body.items.map((item: { prestatieCode: string }) => item.prestatieCode)).toEqual(prestaties.map((prestatie) => prestatie.code));
    for (const item of answer.body.items) {
      const alone = await reporting.request('GET', `/v1/programmes/${CODE}/prestaties/${item.prestatieCode}/spending?period=2025`, { roles: ['reporter'] });
      expect(item).toEqual(alone.body);
      const budget = prestaties.find((prestatie) => prestatie.code === item.prestatieCode)!.budget;
      if (budget) {
        expect({ spentCents: item.spentCents, committedCents: item.committedCents }).toEqual({ spentCents: budget.spentCents, committedCents: budget.committedCents });
        expect(item.months.at(-1).forecastCents).toBe(budget.spentCents + budget.committedCents);
      }
    }
    // Not every prestatie's sums are zero: the months of 7.2.3 and 9.1.6 are both in this one answer.
    const spent = (code: string) => answer.body.items.find((item: { prestatieCode: string }) => item.prestatieCode === code).spentCents;
    expect(spent('7.2.3')).toBe(3_100_00);
    expect(spent('9.1.6')).toBe(3_000_00);
  });

  it('refuses a bad period naming it, an unknown prestatie, and those who may not read reports', async () => {
    const bad = await reporting.request('GET', `${SPENDING}?period=someday`, { roles: ['reporter'] });
    expect(bad.status).toBe(400);
    expect(bad.body.invalidParams).toEqual([{ name: 'period', reason: expect.stringContaining('voorjaarsnota') }]);
    const missing = await reporting.request('GET', `${SPENDING}`, { roles: ['reporter'] });
    expect(missing.status).toBe(400);
    expect(missing.body.invalidParams[0].name).toBe('period');
    expect((await reporting.request('GET', `/v1/programmes/${CODE}/prestaties/1.1.1/spending?period=2025`, { roles: ['reporter'] })).status).toBe(404);
    expect((await reporting.request('GET', `${SPENDING}?period=2025`, { roles: ['organiser'] })).status).toBe(403);
    expect((await reporting.request('GET', `/v1/programmes/${CODE}/spending?period=someday`, { roles: ['reporter'] })).status).toBe(400);
    expect((await reporting.request('GET', `/v1/programmes/nowhere-2025/spending?period=2025`, { roles: ['reporter'] })).status).toBe(404);
    expect((await reporting.request('GET', `/v1/programmes/${CODE}/spending?period=2025`, { roles: ['organiser'] })).status).toBe(403);
  });
});
