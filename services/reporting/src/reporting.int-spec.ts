import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  ActivityCancelledV1,
  ActivityClosedV1,
  ActivityHeldV1,
  ActivityRevisedV1,
  ActivityScheduledV1,
  AdviceIssuedV1,
  KnowledgeItemArchivedV1,
  KnowledgeItemPublishedV1,
  ProgressReportApprovedV1,
  RegistrationAcceptedV1,
  RegistrationCancelledV1,
  EventNamespace,
} from '@deelwijs/contracts';
import { NatsClient } from '@deelwijs/messaging';
import { Jobs } from '@deelwijs/platform';
import { InProcessService, SmtpReceiver, waitFor, WebhookReceiver, withSharingTargets } from '@deelwijs/testing';
import type { ReportingConfig } from './config/reporting.config';
import { verifyWebhook } from './delivery/webhook-signature';
import { QUEUES } from './jobs/queues';
import { seedProgrammeFile } from './programmes/seed-programme';
import { ContributionsService } from './contributions/contributions.service';
import { IndicatorActualsRepository } from './indicators/indicator-actuals.repository';
import { ProjectionRebuild } from './projections/rebuild/projection-rebuild';
import { ReportsService } from './reports/reports.service';
import { reportingService } from './reporting.service-definition';

/**
 * The reporting service in-process on the real PostgreSQL, NATS, Redis, an SMTP server and a
 * webhook receiver: other services' events in (published as their relays publish them), reports
 * out, the workflow, jobs and delivery. The programme is the seed programme moved to 2025, so
 * that its year is over whenever this runs.
 */
describe('progress reporting (real PostgreSQL, NATS, Redis, SMTP, webhooks)', () => {
  const smtp = new SmtpReceiver();
  const hooks = new WebhookReceiver();
  let reporting: InProcessService<ReportingConfig>;
  const CODE = 'overijssel-2025';
  // With 9.1.6's two extra figures, so that knowledge products and sessions are reported too.
  const yaml = withSharingTargets(readFileSync(seedProgrammeFile(), 'utf8'))
    .replace(/overijssel-2026/g, CODE)
    .replace(/2026/g, '2025');
  const REPORT = `/v1/programmes/${CODE}/reports/2025`;

  beforeAll(async () => {
    await Promise.all([smtp.start(), hooks.start()]);
    reporting = await InProcessService.start(reportingService, 'reporting', {
      CONSUMER_BACKOFF_MS: '50,100,200',
      DELIVERY_BACKOFF_MS: '50',
      DELIVERY_ATTEMPTS: '3',
      ...smtp.env(),
      ...hooks.env(),
    });
  }, 60_000);

  afterAll(async () => {
    await reporting?.close();
    await Promise.all([smtp.stop(), hooks.stop()]);
  }, 60_000);

  const facts = (type: string, locationCategory: string, prestatieCode = '7.2.3') => ({
    activityId: randomUUID(),
    type,
    title: `${type} ${locationCategory}`,
    prestatieCode,
    actionNumber: prestatieCode === '7.2.3' ? 1 : undefined,
    locationCategory,
    startsAt: '2025-05-13T09:00:00+02:00',
    endsAt: '2025-05-13T11:00:00+02:00',
    plannedCostCents: 1_000_00,
  });
  const held = (activity: ReturnType<typeof facts>, participants = 28) => ({
    ...activity,
    participants,
    actualCostCents: 1_000_00,
    heldAt: '2025-05-13T11:00:00+02:00',
  });
  const row = async (activityId: string) => (await reporting.query(`SELECT * FROM activity_facts WHERE activity_id = $1`, [activityId]))[0];

  it('imports the seed programme as YAML, and refuses a bad one naming the fields, writing nothing', async () => {
    const bad = yaml.replace('code: overijssel-2025', 'code: broken-2025').replace('kind: at-least, value: 2', 'kind: at-least, value: -2');
    const refused = await reporting.request('PUT', '/v1/programmes/broken-2025', { roles: ['admin'], raw: Buffer.from(bad), contentType: 'application/yaml' });
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.invalidParams).toEqual([{ name: 'prestaties.0.indicators.3.target.value', reason: expect.any(String) }]);

    expect((await reporting.request('PUT', `/v1/programmes/${CODE}`, { roles: ['reporter'], raw: Buffer.from(yaml), contentType: 'application/yaml' })).status).toBe(403);
    const created = await reporting.request('PUT', `/v1/programmes/${CODE}`, { roles: ['admin'], raw: Buffer.from(yaml), contentType: 'application/yaml' });
    expect(created.status).toBe(201);
    expect((await reporting.request('PUT', `/v1/programmes/${CODE}`, { roles: ['admin'], body: created.body })).status).toBe(200);

    const list = await reporting.request('GET', '/v1/programmes', { roles: ['reporter'] });
    expect(list.body.items.map((item: { code: string }) => item.code)).toEqual([CODE]);
    expect(list.body.items[0].title).toBe('Programma Kwaliteit Openbaar Bestuur en Sociale Kwaliteit 2025');
    const english = await reporting.request('GET', '/v1/programmes?lang=en', { roles: ['reporter'] });
    expect(english.body.items[0].title).toBe('Programme Quality of Public Administration and Social Quality 2025');
    const unknownLanguage = await reporting.request('GET', '/v1/programmes?lang=de', { roles: ['reporter'] });
    expect(unknownLanguage.status).toBe(400);
    expect(unknownLanguage.body.invalidParams).toEqual([{ name: 'lang', reason: expect.any(String) }]);
    const exported = await reporting.request('GET', `/v1/programmes/${CODE}?format=yaml`, { roles: ['approver'] });
    expect(exported.headers['content-type']).toContain('application/yaml');
    expect(exported.text).toContain('decisionReference: PS/2016/344');
  });

  it('keeps actuals up to date from events: idempotent, and whatever the order of arrival', async () => {
    const games = Array.from({ length: 41 }, (_, index) => facts('democracy-game', index % 3 === 0 ? 'school' : 'regular'));
    const elsewhere = Array.from({ length: 12 }, () => facts('democracy-game', 'other-location'));
    const lessons = Array.from({ length: 3 }, () => facts('guest-lesson', 'school'));

    // Closed before held: the final figures must win over the held ones that arrive later.
    const [first] = games;
    await reporting.publish(ActivityClosedV1, { activityId: first.activityId, prestatieCode: '7.2.3', participants: 30, actualCostCents: 1_250_00, closedAt: '2025-05-14T09:00:00+02:00' });
    await waitFor(() => row(first.activityId), (found) => found?.closed === true, { what: 'the closed event' });
    for (const activity of [...games, ...elsewhere, ...lessons]) {
      await reporting.publish(ActivityHeldV1, held(activity));
    }
    // The same event again under another message id (a relay that crashed past the duplicate window).
    const duplicateId = randomUUID();
    const extra = facts('democracy-game', 'regular');
    await reporting.publish(ActivityScheduledV1, extra, { eventId: duplicateId, msgId: `${duplicateId}-a` });
    await reporting.publish(ActivityScheduledV1, extra, { eventId: duplicateId, msgId: `${duplicateId}-b` });
    await reporting.publish(ActivityCancelledV1, { activityId: extra.activityId, previousStatus: 'draft', cancelledAt: '2025-04-01T10:00:00+02:00' });
    // A revision that is older than the facts already there changes nothing.
    const { eventId: staleRevision } = await reporting.publish(ActivityRevisedV1, { ...lessons[0], type: 'workshop' }, { occurredAt: new Date('2025-01-01T00:00:00Z') });

    // Registrations: a cancellation that overtakes its acceptance still wins.
    const registration = { registrationId: randomUUID(), activityId: lessons[1].activityId, kind: 'group' as const, headcount: 27 };
    await reporting.publish(RegistrationCancelledV1, { ...registration, wasWaitlisted: false, cancelledBy: 'partner' });
    await waitFor(async () => (await reporting.query(`SELECT state FROM registration_states WHERE registration_id = $1`, [registration.registrationId]))[0], Boolean);
    await reporting.publish(RegistrationAcceptedV1, registration);
    for (const headcount of [25, 24]) {
      await reporting.publish(RegistrationAcceptedV1, { registrationId: randomUUID(), activityId: lessons[1].activityId, kind: 'group', headcount });
    }

    for (const [adviser, day] of [['jongerenraad', '03'], ['Jongerenraad', '09'], ['provinciale staten', '10']]) {
      await reporting.publish(AdviceIssuedV1, {
        adviceId: randomUUID(),
        title: 'Advies',
        adviser,
        solicited: false,
        prestatieCodes: ['7.2.3'],
        issuedAt: `2025-${day}-01T10:00:00+02:00`,
      });
    }
    const items = Array.from({ length: 3 }, () => randomUUID());
    for (const itemId of items) {
      await reporting.publish(KnowledgeItemPublishedV1, { itemId, version: 1, kind: 'lesson-learned', title: 'Les', language: 'nl', visibility: 'public', prestatieCodes: ['9.1.6'], publishedAt: '2025-06-01T10:00:00+02:00' });
    }
    await reporting.publish(KnowledgeItemPublishedV1, { itemId: items[0], version: 2, kind: 'lesson-learned', title: 'Les', language: 'nl', visibility: 'public', prestatieCodes: ['9.1.6'], publishedAt: '2025-08-01T10:00:00+02:00' });
    await reporting.publish(KnowledgeItemArchivedV1, { itemId: items[1], archivedAt: '2025-09-01T10:00:00+02:00' });

    const actual = (report: any, code: string, key: string) =>
      report.prestaties.find((prestatie: any) => prestatie.code === code).indicators.find((indicator: any) => indicator.key === key).actual;
    const report = await waitFor(
      async () => (await reporting.request('GET', REPORT, { roles: ['reporter'] })).body,
      (body) =>
        actual(body, '7.2.3', 'democracy-games') === 41 &&
        actual(body, '7.2.3', 'games-other-locations') === 12 &&
        actual(body, '7.2.3', 'guest-lessons') === 3 &&
        actual(body, '7.2.3', 'costs') === 56_250_00 &&
        actual(body, '7.2.3', 'youth-council-advices') === 2 &&
        actual(body, '9.1.6', 'knowledge-items') === 3,
      { what: 'the projection to catch up', timeoutMs: 30_000 },
    );
    const guestLessons = await waitFor(() => row(lessons[1].activityId), (found) => found?.registered_headcount === 49, { what: 'registrations' });

    expect(guestLessons.registered_headcount).toBe(49);
    expect(await row(first.activityId)).toMatchObject({ held: true, held_participants: 28, closed_participants: 30, closed_cost_cents: '125000' });
    await waitFor(() => reporting.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [staleRevision]), (rows) => rows.length === 1, { what: 'the stale revision' });
    expect(await waitFor(() => row(lessons[0].activityId), (found) => found?.held === true)).toMatchObject({ type: 'guest-lesson' });
    expect(await row(extra.activityId)).toMatchObject({ cancelled: true, held: false });
    expect(actual(report, '7.2.3', 'games-other-locations')).toBe(12);
    expect(actual(report, '7.2.3', 'guest-lessons')).toBe(3);
    expect(actual(report, '7.2.3', 'costs')).toBe(56_250_00);
    expect(report.prestaties[0]).toMatchObject({ status: 'on-track', budget: { spentCents: 56_250_00, committedCents: 0, status: 'on-track' } });
    // 9.1.6: 3 of at least 10 knowledge items and no sessions, in a year that is over.
    expect(report.prestaties[1]).toMatchObject({ status: 'deviation', explanationRequired: true });
  }, 60_000);

  it('serves the 7.2.3 page in every format, Dutch by default and English on request', async () => {
    const page = `${REPORT}/prestaties/7.2.3`;
    const markdown = await reporting.request('GET', `${page}?format=md`, { roles: ['reporter'] });
    expect(markdown.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(markdown.text).toContain('41 van maximaal 50 democratiespelen gehouden');
    expect(markdown.text).toContain('Toelichting op voortgang: Geen afwijking.');

    const english = await reporting.request('GET', page, { roles: ['approver'], headers: { accept: 'text/html' } });
    expect(english.headers['content-type']).toBe('text/html; charset=utf-8');
    expect((await reporting.request('GET', `${page}?format=html&lang=en`, { roles: ['admin'] })).text).toContain('41 of at most 50 democracy games held');

    const pdf = await reporting.request('GET', `${REPORT}?format=pdf`, { roles: ['reporter'] });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.raw.subarray(0, 5).toString()).toBe('%PDF-');
    const xlsx = await reporting.request('GET', `${REPORT}?format=xlsx`, { roles: ['reporter'] });
    expect(xlsx.raw.subarray(0, 2).toString()).toBe('PK');
    const csv = await reporting.request('GET', `${REPORT}?format=csv`, { roles: ['reporter'] });
    expect(csv.text.split('\r\n')[1]).toContain(',democracy-games,democratiespelen,activities-held,at-most,50,,41,');

    expect((await reporting.request('GET', `${REPORT}?format=docx`, { roles: ['reporter'] })).body.invalidParams).toEqual([
      { name: 'format', reason: expect.stringContaining('format must be one of') },
    ]);
    expect((await reporting.request('GET', `/v1/programmes/${CODE}/reports/2024`, { roles: ['reporter'] })).body.invalidParams).toEqual([
      { name: 'period', reason: expect.stringContaining("outside the programme's period") },
    ]);
    expect((await reporting.request('GET', REPORT)).status).toBe(401);
    expect((await reporting.request('GET', REPORT, { roles: ['organiser'] })).status).toBe(403);
  });

  it('recomputes a period on demand with visible progress, and schedules snapshots once per programme', async () => {
    const requested = await reporting.request('POST', `/v1/programmes/${CODE}/recomputations`, { roles: ['reporter'], body: { period: '2025' } });
    expect(requested.status).toBe(202);
    const done = await waitFor(
      async () => (await reporting.request('GET', `/v1/recomputations/${requested.body.id}`, { roles: ['reporter'] })).body,
      (status) => status.state === 'completed',
      { what: 'the recomputation' },
    );
    expect(done).toMatchObject({ progress: 100, result: { status: 'deviation', prestaties: 2 } });
    const snapshots = await reporting.request('GET', `/v1/programmes/${CODE}/snapshots?period=2025`, { roles: ['approver'] });
    expect(snapshots.body.items[0].prestaties[0].indicators[0]).toEqual({ key: 'democracy-games', actual: 41, status: 'on-track' });

    expect((await reporting.request('POST', `/v1/programmes/${CODE}/recomputations`, { roles: ['approver'], body: { period: '2025' } })).status).toBe(403);
    const schedulers = await reporting.app.get(Jobs).queue(QUEUES.snapshots).getJobSchedulers();
    expect(schedulers.map((scheduler) => [scheduler.key, scheduler.pattern])).toEqual([[`snapshot:${CODE}`, '5 2 * * *']]);
  });

  it('workflow: a deviation needs an explanation, submission freezes, approval locks and delivers once', async () => {
    const subscribe = (body: object) => reporting.request('POST', '/v1/subscriptions', { roles: ['admin'], body: { programmeCode: CODE, ...body } });
    const webhook = await subscribe({ channel: 'webhook', target: hooks.url('/hook'), secret: 'a-long-enough-secret-0123' });
    expect(webhook.status).toBe(201);
    expect((await subscribe({ channel: 'webhook', target: hooks.url('/broken') })).status).toBe(201);
    expect((await subscribe({ channel: 'email', target: 'rapportage@provincie.example', language: 'en' })).status).toBe(201);
    expect((await subscribe({ channel: 'email', target: 'not-an-address' })).body.invalidParams).toEqual([{ name: 'target', reason: 'must be an e-mail address' }]);
    hooks.failNext(2, '/hook');
    hooks.failNext(3, '/broken');

    const base = `/v1/programmes/${CODE}/reports/2025`;
    const refused = await reporting.request('POST', `${base}/submission`, { roles: ['reporter'] });
    expect(refused.status).toBe(400);
    expect(refused.body.invalidParams).toEqual([{ name: 'explanations.9.1.6', reason: expect.stringContaining('explain it before submitting') }]);
    expect((await reporting.request('GET', base, { roles: ['reporter'] })).body.workflow).toEqual({ status: 'draft', locked: false });

    const explanation = { nl: 'De beleidsmonitor is later gestart; de bijeenkomsten volgen in 2026.', en: 'The policy monitor started late; the sessions follow in 2026.' };
    expect((await reporting.request('PUT', `${base}/explanations/9.1.6`, { roles: ['approver'], body: explanation })).status).toBe(403);
    expect((await reporting.request('PUT', `${base}/explanations/9.1.6`, { roles: ['reporter'], body: { nl: '' } })).body.invalidParams[0].name).toBe('nl');
    expect((await reporting.request('PUT', `${base}/explanations/9.9.9`, { roles: ['reporter'], body: explanation })).status).toBe(404);
    // The editor's live preview: the page as it will print with the text being typed, nothing stored.
    const preview = (body: object, roles: Array<'reporter' | 'approver'> = ['reporter']) => reporting.request('POST', `${base}/prestaties/9.1.6/previews`, { roles, body });
    const previewed = await preview({ explanation: { nl: 'De monitor <start> later.' } });
    expect(previewed.status).toBe(200);
    expect(previewed.text).toContain('<strong>Toelichting op voortgang:</strong> De monitor &lt;start&gt; later.');
    expect((await preview({ explanation: { nl: '' } })).text).toContain('Afwijking; de toelichting ontbreekt nog.');
    expect((await reporting.request('GET', `${base}/prestaties/9.1.6?format=md`, { roles: ['reporter'] })).text).toContain('Afwijking; de toelichting ontbreekt nog.');
    expect((await preview({ realisations: [{ action: 98, nl: 'x' }] })).body.invalidParams).toEqual([{ name: 'realisations.action', reason: 'prestatie 9.1.6 has no action 98' }]);
    expect((await preview({ explanation: 'text' })).body.invalidParams[0].name).toBe('explanation');
    expect((await preview({ explanation: { nl: 'x' } }, ['approver'])).status).toBe(403);
    expect((await reporting.request('PUT', `${base}/explanations/9.1.6`, { roles: ['reporter'], body: explanation })).status).toBe(200);

    expect((await reporting.request('POST', `${base}/approval`, { roles: ['approver'] })).status).toBe(409);
    const submitted = await reporting.request('POST', `${base}/submission`, { roles: ['reporter'] });
    expect(submitted.status).toBe(200);
    expect(submitted.body.workflow).toMatchObject({ status: 'submitted', submittedBy: 'test-staff', locked: false });
    expect((await reporting.request('PUT', `${base}/explanations/9.1.6`, { roles: ['reporter'], body: explanation })).status).toBe(409);
    expect((await reporting.request('POST', `${base}/approval`, { roles: ['reporter'] })).status).toBe(403);
    expect((await preview({ explanation: { nl: 'Nog een zin.' } })).status).toBe(409);

    // Sent back, and submitted again.
    expect((await reporting.request('POST', `${base}/rejection`, { roles: ['approver'], body: { reason: 'Graag de planning voor 2026 noemen.' } })).body).toMatchObject({ status: 'draft' });
    expect((await reporting.request('POST', `${base}/submission`, { roles: ['reporter'] })).status).toBe(200);

    // Figures that arrive after submission do not change what is approved.
    await reporting.publish(ActivityHeldV1, held(facts('democracy-game', 'regular')));
    const approved = await reporting.request('POST', `${base}/approval`, { roles: ['approver'] });
    expect(approved.status).toBe(200);
    expect(approved.body.workflow).toMatchObject({ status: 'approved', approvedBy: 'test-staff', locked: true });
    // Every prestatie of this programme is judged (9.1.6 by its two extra figures): all are in the event, none in notJudged.
    expect((await reporting.outbox(ProgressReportApprovedV1.subject)).filter((event) => event.programmeCode === CODE)).toEqual([
      expect.objectContaining({
        period: '2025',
        prestaties: approved.body.prestaties.map((prestatie: { code: string; status: string }) => ({ code: prestatie.code, status: prestatie.status })),
        notJudged: [],
      }),
    ]);
    expect(approved.body.prestaties.map((prestatie: { code: string }) => prestatie.code)).toEqual(['7.2.3', '9.1.6']);
    expect((await reporting.request('POST', `${base}/submission`, { roles: ['reporter'] })).status).toBe(409);
    expect((await reporting.request('PUT', `${base}/explanations/9.1.6`, { roles: ['reporter'], body: explanation })).status).toBe(409);
    await waitFor(() => reporting.query(`SELECT 1 FROM activity_facts WHERE held AND type = 'democracy-game' AND location_category = 'regular' OFFSET 27`), (rows) => rows.length === 1, {
      what: 'the late game to be projected',
    });
    const markdown = await reporting.request('GET', `${base}/prestaties/9.1.6?format=md`, { roles: ['reporter'] });
    expect(markdown.text).toContain('Toelichting op voortgang: De beleidsmonitor is later gestart; de bijeenkomsten volgen in 2026.');
    expect((await reporting.request('GET', `${base}/prestaties/7.2.3?format=md`, { roles: ['reporter'] })).text).toContain('41 van maximaal 50 democratiespelen gehouden');

    // Webhook: failed twice, then delivered; signed; once.
    const accepted = await waitFor(async () => hooks.accepted('/hook'), (found) => found.length === 1, { what: 'the webhook' });
    expect(hooks.requests.filter((request) => request.path === '/hook').map((request) => request.status)).toEqual([500, 500, 200]);
    expect(verifyWebhook('a-long-enough-secret-0123', accepted[0].body, String(accepted[0].headers['deelwijs-signature']))).toBe(true);
    expect(verifyWebhook('another-secret-000000000', accepted[0].body, String(accepted[0].headers['deelwijs-signature']))).toBe(false);
    expect(JSON.parse(accepted[0].body)).toMatchObject({ type: 'progress-report.approved', programmeCode: CODE, period: '2025', report: { workflow: { status: 'approved' } } });

    // E-mail in English with the PDF.
    const [mail] = await waitFor(async () => smtp.to('rapportage@provincie.example'), (mails) => mails.length === 1, { what: 'the e-mail' });
    expect(mail.subject).toBe('Progress report Programme Quality of Public Administration and Social Quality 2025, period 2025, approved');
    expect(mail.text).toContain('41 of at most 50 democracy games held');
    expect(mail.parsed.attachments.map((attachment) => attachment.contentType)).toEqual(['application/pdf']);

    // The broken hook runs out of attempts, shows as failed, and is retried by an admin.
    const failed = await waitFor(
      async () => (await reporting.request('GET', '/v1/deliveries?status=failed', { roles: ['admin'] })).body.items,
      (items) => items.length === 1,
      { what: 'the delivery to fail' },
    );
    expect(failed[0]).toMatchObject({ status: 'failed', attempts: 3, lastError: 'webhook answered 500' });
    expect((await reporting.request('POST', `/v1/deliveries/${failed[0].id}/attempts`, { roles: ['reporter'] })).status).toBe(403);
    expect((await reporting.request('POST', `/v1/deliveries/${failed[0].id}/attempts`, { roles: ['admin'] })).status).toBe(202);
    await waitFor(async () => hooks.accepted('/broken'), (found) => found.length === 1, { what: 'the retried delivery' });
    const deliveries = await waitFor(
      async () => (await reporting.request('GET', '/v1/deliveries?status=delivered', { roles: ['admin'] })).body.items,
      (items) => items.length === 3,
      { what: 'all deliveries to be recorded' },
    );
    expect(new Set(hooks.accepted('/hook').map((request) => request.headers['deelwijs-delivery-id'])).size).toBe(1);
    expect(deliveries.map((delivery: { id: string }) => delivery.id)).toContain(hooks.accepted('/broken')[0].headers['deelwijs-delivery-id']);
    expect(smtp.to('rapportage@provincie.example')).toHaveLength(1);
  }, 60_000);

  it('a rebuild replays the streams into fresh tables and arrives at the same numbers; it notices a difference', async () => {
    const rebuild = ProjectionRebuild.over(reporting.dataSource, reporting.app.get(NatsClient).nc, new EventNamespace(reporting.namespace));
    const result = await rebuild.run({ now: new Date('2026-01-01T00:00:00Z') });

    expect(result.tables.filter((table) => table.onlyLive > 0 || table.onlyRebuilt > 0)).toEqual([]);
    expect(result.tables.find((table) => table.table === 'activity_facts')).toMatchObject({ live: 58, rebuilt: 58 });
    expect(result.indicators.find((indicator) => indicator.indicator === 'democracy-games')).toMatchObject({ live: 42, rebuilt: 42 });
    expect(result.events.skipped).toBeGreaterThanOrEqual(1);
    expect(result.equal).toBe(true);

    await reporting.query(`UPDATE activity_facts SET closed_participants = closed_participants + 1 WHERE closed`);
    const tampered = await rebuild.run({ now: new Date('2026-01-01T00:00:00Z') });
    expect(tampered.equal).toBe(false);
    expect(tampered.tables.find((table) => table.table === 'activity_facts')).toMatchObject({ onlyLive: 1, onlyRebuilt: 1 });
  }, 60_000);

  it('reads day figures that are the GROUP BY of the activities, and equal the activities listed at any moment of a day', async () => {
    // Later the same day as the others (09:00), one held and one still planned with registrations.
    const afternoon = { ...facts('democracy-game', 'regular'), startsAt: '2025-05-13T15:00:00+02:00', endsAt: '2025-05-13T17:00:00+02:00' };
    const evening = { ...facts('democracy-game', 'school'), startsAt: '2025-05-13T20:00:00+02:00', endsAt: '2025-05-13T21:00:00+02:00' };
    await reporting.publish(ActivityHeldV1, { ...held(afternoon, 19), heldAt: '2025-05-13T17:00:00+02:00' });
    await reporting.publish(ActivityScheduledV1, evening);
    await reporting.publish(RegistrationAcceptedV1, { registrationId: randomUUID(), activityId: evening.activityId, kind: 'group', headcount: 23 });
    await waitFor(() => row(evening.activityId), (found) => found?.registered_headcount === 23 && found?.prestatie_code === '7.2.3', { what: 'the evening activity' });
    await waitFor(() => row(afternoon.activityId), (found) => found?.held === true, { what: 'the afternoon activity' });

    const groupBy = `SELECT prestatie_code, date_trunc('day', starts_at, 'Europe/Amsterdam'), programme_code, type, location_category, action_number,
             count(*)::int, (count(*) FILTER (WHERE held))::int,
             COALESCE(sum(COALESCE(closed_participants, held_participants, 0)) FILTER (WHERE held), 0)::bigint,
             COALESCE(sum(COALESCE(closed_groups, held_groups, 0)) FILTER (WHERE held), 0)::bigint,
             COALESCE(sum(COALESCE(closed_cost_cents, held_cost_cents, 0)) FILTER (WHERE held), 0)::bigint,
             COALESCE(sum(registered_headcount) FILTER (WHERE NOT cancelled), 0)::bigint,
             (count(*) FILTER (WHERE NOT held AND NOT cancelled))::int,
             COALESCE(sum(registered_headcount) FILTER (WHERE NOT held AND NOT cancelled), 0)::bigint,
             COALESCE(sum(planned_cost_cents) FILTER (WHERE NOT held AND NOT cancelled), 0)::bigint
        FROM activity_facts WHERE prestatie_code IS NOT NULL AND starts_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6`;
    const [drift] = await reporting.query(`
      SELECT (SELECT count(*) FROM activity_day_figures)::int AS groups,
             (SELECT count(*) FROM (SELECT * FROM activity_day_figures EXCEPT ALL ${groupBy}) d)::int AS only_figures,
             (SELECT count(*) FROM (${groupBy} EXCEPT ALL SELECT * FROM activity_day_figures) d)::int AS only_activities`);
    expect(drift).toEqual({ groups: expect.any(Number), only_figures: 0, only_activities: 0 });
    expect(drift.groups).toBeGreaterThan(1);

    // Before, during and after the day: the figures (day figures, and the activities themselves
    // on a day cut by the moment) equal the lists of activities behind them (read row by row).
    const reports = reporting.app.get(ReportsService);
    const actuals = reporting.app.get(IndicatorActualsRepository);
    const contributions = reporting.app.get(ContributionsService);
    const programme = await reports.programme(CODE);
    const seen = new Set<number>();
    for (const moment of ['2025-05-13T08:00:00+02:00', '2025-05-13T12:00:00+02:00', '2025-05-13T16:30:00+02:00', '2025-05-14T00:00:00+02:00', '2025-12-31T23:00:00+01:00']) {
      const now = new Date(moment);
      const { indicators, actions } = await actuals.compute(programme, now);
      for (const figure of indicators.filter((found) => ['democracy-games', 'costs'].includes(found.key))) {
        const listed = await contributions.indicator(CODE, '2025', figure.prestatieCode, figure.key, now);
        expect({ moment, key: figure.key, actual: figure.actual }).toEqual({ moment, key: figure.key, actual: listed.total });
      }
      const games = indicators.find((found) => found.key === 'democracy-games')!;
      seen.add(games.actual);
      const action = actions.find((found) => found.prestatieCode === '7.2.3' && found.actionNumber === 1)!;
      const listed = await contributions.action(CODE, '2025', '7.2.3', 1, now);
      expect({ moment, held: action.activities.reduce((sum, row) => sum + row.held, 0), participants: action.activities.reduce((sum, row) => sum + row.participants, 0) }).toEqual({
        moment,
        held: listed.totals.held,
        participants: listed.totals.participants,
      });
    }
    // Nothing before 09:00, the morning's by noon, the afternoon's too by half past four.
    expect(seen.size).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
