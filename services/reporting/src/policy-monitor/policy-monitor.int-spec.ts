import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { EvaluationAggregatedV1, NetworkComputedV1 } from '@deelwijs/contracts';
import { InProcessService, waitFor } from '@deelwijs/testing';
import type { ReportingConfig } from '../config/reporting.config';
import { seedProgrammeFile } from '../programmes/seed-programme';
import { reportingService } from '../reporting.service-definition';

/**
 * Issue 11 item 7: 9.1.6's report carries the policy monitor's figures as the knowledge service
 * publishes them (network per period, evaluation aggregates), the newest computation winning
 * whatever the order of arrival. The service runs in-process on the real PostgreSQL, NATS and
 * Redis; the rows it reads were written by its own consumers.
 */
describe("the policy monitor's figures in 9.1.6's report (real PostgreSQL, NATS, Redis)", () => {
  let reporting: InProcessService<ReportingConfig>;
  const reporter = { roles: ['reporter' as const] };
  const page = (period: string) => `/v1/programmes/overijssel-2026/reports/${period}/prestaties/9.1.6`;
  const handled = (eventId: string) =>
    waitFor(() => reporting.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [eventId]), (rows) => rows.length === 1, { what: `event ${eventId}` });

  beforeAll(async () => {
    reporting = await InProcessService.start(reportingService, 'reporting-monitor', { CONSUMER_BACKOFF_MS: '50,100,200' });
    const imported = await reporting.request('PUT', '/v1/programmes/overijssel-2026', {
      roles: ['admin'],
      raw: readFileSync(seedProgrammeFile()),
      contentType: 'application/yaml',
    });
    expect(imported.status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await reporting?.close();
  }, 60_000);

  it('says "not yet computed" before any figures arrive, and shows the section on 9.1.6 only', async () => {
    const json = await reporting.request('GET', page('2026'), reporter);
    expect(json.status).toBe(200);
    expect(json.body.prestaties[0].policyMonitor).toEqual({ period: '2026' });
    // The seed's 9.1.6 has no indicators and no budget of its own: not judged, and no explanation asked.
    expect(json.body.prestaties[0]).toMatchObject({ code: '9.1.6', status: 'not-judged', explanationRequired: false });
    const programme = await reporting.request('GET', '/v1/programmes/overijssel-2026/reports/2026', reporter);
    expect(programme.body.prestaties.map((prestatie: { code: string; status: string }) => [prestatie.code, prestatie.status])).toEqual([
      ['7.2.3', programme.body.status],
      ['9.1.6', 'not-judged'],
    ]);
    expect(programme.body.status).not.toBe('not-judged');
    const markdown = await reporting.request('GET', `${page('2026')}?format=md`, reporter);
    expect(markdown.text).toContain('- Netwerkcijfers 2026: nog niet berekend.\n- Leereffecten (evaluaties) 2026: nog niet berekend.\n');
    const other = await reporting.request('GET', '/v1/programmes/overijssel-2026/reports/2026/prestaties/7.2.3', reporter);
    expect(other.body.prestaties[0].policyMonitor).toBeUndefined();
  });

  it('shows the newest network figures and the prestatie\'s evaluation aggregate, in JSON and Markdown', async () => {
    const partner = randomUUID();
    const unnamed = randomUUID();
    // One partner with its registered name, one that knowledge had not yet heard the name of.
    const mostConnected = [{ organisationId: partner, organisationName: 'ProDemos', degree: 9 }, { organisationId: unnamed, degree: 4 }];
    const network = { period: '2026', partners: 42, projects: 17, links: 80, newLinks: 12, communities: 4, mostConnected };
    // The newer computation arrives first; the older one after it must not replace it.
    const newer = await reporting.publish(NetworkComputedV1, { ...network, computedAt: '2026-11-02T03:00:00Z' });
    const older = await reporting.publish(NetworkComputedV1, { ...network, partners: 30, mostConnected: [], computedAt: '2026-11-01T03:00:00Z' });
    const quarter = await reporting.publish(NetworkComputedV1, { ...network, period: '2026-Q3', partners: 20, computedAt: '2026-10-01T03:00:00Z' });
    const evaluation = await reporting.publish(EvaluationAggregatedV1, {
      scope: 'prestatie',
      prestatieCode: '9.1.6',
      period: '2026',
      responses: 23,
      averages: { 'q-learned': 4.25, 'q-apply': 3.5 },
      computedAt: '2026-11-03T03:00:00Z',
    });
    // Aggregates of another prestatie and of one activity are kept, but are not 9.1.6's.
    const otherPrestatie = await reporting.publish(EvaluationAggregatedV1, { scope: 'prestatie', prestatieCode: '7.2.3', period: '2026', responses: 5, averages: {}, computedAt: '2026-11-03T03:00:00Z' });
    const activityId = randomUUID();
    const perActivity = await reporting.publish(EvaluationAggregatedV1, { scope: 'activity', activityId, period: '2026', responses: 7, averages: { 'q-learned': 5 }, computedAt: '2026-11-03T03:00:00Z' });
    for (const event of [newer, older, quarter, evaluation, otherPrestatie, perActivity]) {
      await handled(event.eventId);
    }
    expect(await reporting.query(`SELECT scope, subject, responses FROM evaluation_aggregates ORDER BY responses`)).toEqual([
      { scope: 'prestatie', subject: '7.2.3', responses: 5 },
      { scope: 'activity', subject: activityId, responses: 7 },
      { scope: 'prestatie', subject: '9.1.6', responses: 23 },
    ]);

    const json = await reporting.request('GET', page('2026'), reporter);
    expect(json.body.prestaties[0].policyMonitor).toEqual({
      period: '2026',
      network: { computedAt: '2026-11-02T03:00:00.000Z', partners: 42, projects: 17, links: 80, newLinks: 12, communities: 4, mostConnected },
      evaluation: { computedAt: '2026-11-03T03:00:00.000Z', responses: 23, averages: { 'q-learned': 4.25, 'q-apply': 3.5 } },
    });
    const markdown = await reporting.request('GET', `${page('2026')}?format=md`, reporter);
    expect(markdown.text).toContain('## Beleidsmonitor\n\n');
    expect(markdown.text).toContain('- Netwerk 2026: 42 partners, 17 projecten, 12 nieuwe verbindingen van 80 verbindingen, 4 gemeenschappen (berekend 2 november 2026).\n');
    expect(markdown.text).toContain(`- Meest verbonden partners: ProDemos (9 verbindingen), ${unnamed} (4 verbindingen).\n`);
    expect(markdown.text).toContain('- Leereffecten (evaluaties) 2026: 23 reacties; gemiddelden: q-apply 3,5, q-learned 4,25 (berekend 3 november 2026).\n');
    const english = await reporting.request('GET', `${page('2026')}?format=md&lang=en`, reporter);
    expect(english.text).toContain('- Network 2026: 42 partners, 17 projects, 12 new links of 80 links, 4 communities (computed 2 November 2026).\n');

    // A quarter's report shows that quarter's figures; an interim report those of its year.
    expect((await reporting.request('GET', page('2026-Q3'), reporter)).body.prestaties[0].policyMonitor).toEqual({
      period: '2026-Q3',
      network: expect.objectContaining({ partners: 20 }),
    });
    expect((await reporting.request('GET', page('najaarsrapportage'), reporter)).body.prestaties[0].policyMonitor.network.partners).toBe(42);
  });
});
