import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ActivityCancelledV1,
  ActivityRevisedV1,
  ActivityScheduledV1,
  AdviceAnsweredV1,
  AdviceIssuedV1,
  EvaluationAggregatedV1,
  NetworkComputedV1,
  OrganisationRegisteredV1,
} from '@deelwijs/contracts';
import { InProcessService, waitFor } from '@deelwijs/testing';
import type { KnowledgeConfig } from '../config/knowledge.config';
import { knowledgeService } from '../knowledge.service-definition';

const EDITOR = { roles: ['editor' as const] };
const REPORTER = { roles: ['reporter' as const] };
const PARTNER = { roles: ['partner' as const], organisationId: randomUUID() };

jest.setTimeout(30_000);

/** Advices, evaluations, the policy monitor's network and attachments, on one service instance. */
describe('advices, evaluations, policy monitor and attachments (real PostgreSQL, NATS, Redis)', () => {
  let k: InProcessService<KnowledgeConfig>;
  let attachments: string;

  beforeAll(async () => {
    attachments = await mkdtemp(path.join(tmpdir(), 'deelwijs-attachments-'));
    k = await InProcessService.start(knowledgeService, 'kmonitor', {
      ATTACHMENTS_DIR: attachments,
      ATTACHMENT_MAX_BYTES: '4096',
      // Aggregates at once, and from two answers on, so that a test needs only a few.
      EVALUATION_AGGREGATE_DELAY_MS: '0',
      EVALUATION_MIN_RESPONSES: '2',
      CONSUMER_BACKOFF_MS: '50,100',
    });
  }, 60_000);

  afterAll(async () => {
    await k?.close();
    await rm(attachments, { recursive: true, force: true });
  });

  const org = { prodemos: randomUUID(), zwolle: randomUUID(), hedon: randomUUID(), school: randomUUID() };
  const activity = { game: randomUUID(), lesson: randomUUID(), cancelled: randomUUID() };

  const facts = (activityId: string, title: string, organiser: string, partners: string[], startsAt: string) => ({
    activityId,
    type: 'democracy-game',
    title,
    prestatieCode: '7.2.3',
    actionNumber: 1,
    organiserOrganisationId: organiser,
    partnerOrganisationIds: partners,
    startsAt,
    endsAt: startsAt.replace('T10', 'T12'),
  });

  describe('advices', () => {
    it('goes issued → answered → follow-up, emitting issued and answered events', async () => {
      const issued = await k.request('POST', '/v1/advices', {
        ...EDITOR,
        body: { title: 'Advies jongerenparticipatie', adviser: 'jongerenraad', solicited: false, prestatieCodes: ['7.2.3'], issuedAt: '2026-04-15T10:00:00+02:00' },
      });
      expect(issued.status).toBe(201);
      const { adviceId } = issued.body;
      expect(issued.body.status).toBe('issued');

      const early = await k.request('POST', `/v1/advices/${adviceId}/follow-ups`, { ...EDITOR, body: { description: 'Te vroeg' } });
      expect(early.status).toBe(409);
      const answered = await k.request('POST', `/v1/advices/${adviceId}/answer`, {
        ...EDITOR,
        body: { outcome: 'partly-adopted', response: 'De provincie neemt het advies deels over.', answeredAt: '2026-06-01T09:00:00+02:00' },
      });
      expect(answered.body).toMatchObject({ status: 'answered', outcome: 'partly-adopted' });
      expect((await k.request('POST', `/v1/advices/${adviceId}/answer`, { ...EDITOR, body: { outcome: 'adopted', response: 'x', answeredAt: '2026-06-02T09:00:00+02:00' } })).status).toBe(409);
      const followed = await k.request('POST', `/v1/advices/${adviceId}/follow-ups`, { ...EDITOR, body: { description: 'Jongerenpanel in het najaar', dueOn: '2026-10-01' } });
      expect(followed.status).toBe(201);
      expect(followed.body.status).toBe('follow-up');
      expect(followed.body.followUps).toEqual([expect.objectContaining({ description: 'Jongerenpanel in het najaar', dueOn: '2026-10-01' })]);

      expect((await k.outbox(AdviceIssuedV1.subject)).find((event) => event.adviceId === adviceId)).toMatchObject({
        adviser: 'jongerenraad',
        solicited: false,
        prestatieCodes: ['7.2.3'],
        issuedAt: '2026-04-15T08:00:00.000Z',
      });
      expect((await k.outbox(AdviceAnsweredV1.subject)).filter((event) => event.adviceId === adviceId)).toEqual([
        { adviceId, outcome: 'partly-adopted', answeredAt: '2026-06-01T07:00:00.000Z' },
      ]);
      expect((await k.request('GET', `/v1/advices?prestatie=7.2.3`, REPORTER)).body.map((a: { adviceId: string }) => a.adviceId)).toContain(adviceId);
      expect((await k.request('POST', '/v1/advices', { ...PARTNER, body: {} })).status).toBe(403);
    });

    it('rejects bad input naming the fields, writing no advice and no event', async () => {
      const before = (await k.outbox(AdviceIssuedV1.subject)).length;
      const response = await k.request('POST', '/v1/advices', {
        ...EDITOR,
        body: { title: 'x', adviser: '', solicited: 'ja', issuedAt: 'gisteren', itemId: randomUUID() },
      });
      const unknownItem = await k.request('POST', '/v1/advices', {
        ...EDITOR,
        body: { title: 'x', adviser: 'jongerenraad', solicited: true, issuedAt: '2026-01-01T00:00:00Z', itemId: randomUUID() },
      });
      expect(response.status).toBe(400);
      expect(response.body.invalidParams.map((param: { name: string }) => param.name).sort()).toEqual(['adviser', 'issuedAt', 'solicited']);
      expect(unknownItem.status).toBe(400);
      expect(unknownItem.body.invalidParams[0].name).toBe('itemId');
      expect((await k.outbox(AdviceIssuedV1.subject)).length).toBe(before);
    });
  });

  describe('policy monitor network', () => {
    let itemId: string;

    beforeAll(async () => {
      await k.publish(OrganisationRegisteredV1, { organisationId: org.prodemos, name: 'ProDemos' });
      await k.publish(ActivityScheduledV1, facts(activity.game, 'Democratiespel Zwolle', org.prodemos, [org.zwolle], '2026-03-12T10:00:00+01:00'), {
        occurredAt: new Date('2026-01-10T00:00:00Z'),
      });
      // Revised later: Hedon joins. An older revision arriving afterwards must not undo that.
      await k.publish(ActivityRevisedV1, facts(activity.game, 'Democratiespel Zwolle', org.prodemos, [org.zwolle, org.hedon], '2026-03-12T10:00:00+01:00'), {
        occurredAt: new Date('2026-02-01T00:00:00Z'),
      });
      await k.publish(ActivityRevisedV1, facts(activity.game, 'Democratiespel (oud)', org.prodemos, [], '2026-03-12T10:00:00+01:00'), {
        occurredAt: new Date('2026-01-20T00:00:00Z'),
      });
      await k.publish(ActivityScheduledV1, facts(activity.lesson, 'Gastles Deventer', org.zwolle, [org.school], '2026-05-20T10:00:00+02:00'));
      // Cancelled, with the cancellation published first: it must stick whatever the arrival order.
      await k.publish(ActivityCancelledV1, { activityId: activity.cancelled, previousStatus: 'published', cancelledAt: '2026-05-01T10:00:00+02:00' });
      await k.publish(ActivityScheduledV1, facts(activity.cancelled, 'Afgelast debat', org.hedon, [org.school], '2026-05-21T10:00:00+02:00'));
      await waitFor(
        () => k.query(`SELECT title, cancelled_at FROM activity_references ORDER BY title`),
        (rows) =>
          rows.length === 3 &&
          rows.some((row) => row.title === 'Afgelast debat' && row.cancelled_at) &&
          rows.some((row) => row.title === 'Democratiespel Zwolle'),
        { what: 'the activity events' },
      );
      const created = await k.request('POST', '/v1/knowledge-items', {
        ...EDITOR,
        body: { kind: 'report', title: 'Verslag democratiespel', language: 'nl', visibility: 'internal', activityIds: [activity.game], partnerOrganisationIds: [org.hedon] },
      });
      itemId = created.body.itemId;
      await k.request('POST', `/v1/knowledge-items/${itemId}/status-changes`, { ...EDITOR, body: { status: 'published' } });
      await waitFor(() => k.query(`SELECT DISTINCT origin FROM network_links WHERE origin IN ($1, $2)`, [`item:${itemId}`, `activity:${activity.game}`]), (rows) => rows.length === 2, {
        what: 'the published item to reach the network (through the outbox and JetStream)',
      });
      await waitFor(() => k.query(`SELECT 1 FROM organisations WHERE organisation_id = $1`, [org.prodemos]), (rows) => rows.length === 1, { what: 'the organisation name' });
    }, 60_000);

    const snapshot = (period: string) =>
      waitFor(() => k.request('GET', `/v1/network/periods/${period}`, REPORTER), (response) => response.status === 200, {
        what: `the ${period} network job`,
      });

    it('computes nodes, edges and metrics per period in a BullMQ job', async () => {
      const requested = await k.request('POST', '/v1/network/computations', { ...REPORTER, body: { period: '2026' } });
      expect(requested.status).toBe(202);
      const { body } = await snapshot('2026');
      const node = (id: string) => body.nodes.find((candidate: { id: string }) => candidate.id === id);

      expect(node(`organisation:${org.prodemos}`)).toMatchObject({ kind: 'organisation', label: 'ProDemos', degree: 3 });
      expect(node(`activity:${activity.game}`)).toMatchObject({ label: 'Democratiespel Zwolle', degree: 5 });
      // Hedon partners in the game (newest revision) and contributes to the item about it.
      expect(node(`organisation:${org.hedon}`).degree).toBe(3);
      expect(node(`activity:${activity.cancelled}`)).toBeUndefined();
      expect(node(`item:${itemId}`)).toMatchObject({ kind: 'item', label: 'Verslag democratiespel' });
      expect(body.nodes.some((n: { kind: string; label: string }) => n.kind === 'adviser' && n.label === 'jongerenraad')).toBe(true);
      expect(node(`activity:${activity.game}`).betweenness).toBeGreaterThan(0);
      expect(node(`organisation:${org.prodemos}`).clustering).toBeGreaterThan(0);
      expect(body.summary.communities).toBeGreaterThanOrEqual(1);
      expect(body.edges).toContainEqual(expect.objectContaining({ relations: ['co-organises'] }));

      // The figures for 9.1.6's report leave in an event, in the snapshot's own transaction:
      // aggregates of this snapshot, organisations by id and registered name.
      const published = (await k.outbox(NetworkComputedV1.subject)).filter(
        (event) => event.period === '2026' && Date.parse(event.computedAt) === Date.parse(body.computedAt),
      );
      const organisations = body.nodes.filter((n: { kind: string }) => n.kind === 'organisation');
      const top = [...organisations].sort((a: { degree: number }, b: { degree: number }) => b.degree - a.degree)[0];
      expect(published).toHaveLength(1);
      expect(published[0]).toMatchObject({
        partners: organisations.length,
        projects: body.nodes.filter((n: { kind: string }) => n.kind === 'activity').length,
        links: body.summary.edges,
        // No link of this network predates 2026: every pair is new in the period.
        newLinks: body.summary.edges,
        communities: body.summary.communities,
      });
      expect(published[0].mostConnected[0]).toMatchObject({ organisationId: top.id.slice('organisation:'.length), degree: top.degree });
      // Named as registered (the printed report names partners); one not registered here has its id only.
      expect(published[0].mostConnected).toContainEqual({ organisationId: org.prodemos, organisationName: 'ProDemos', degree: 3 });
      expect(published[0].mostConnected).toContainEqual({ organisationId: org.hedon, degree: 3 });
      expect(JSON.stringify(published[0])).not.toContain('jongerenraad');
    });

    it('keeps periods apart: Q1 holds the March game only, not the May lesson', async () => {
      await k.request('POST', '/v1/network/computations', { ...EDITOR, body: { period: '2026-Q1' } });
      const { body } = await snapshot('2026-Q1');
      const ids = body.nodes.map((node: { id: string }) => node.id);
      expect(ids).toContain(`activity:${activity.game}`);
      expect(ids).not.toContain(`activity:${activity.lesson}`);
    });

    it('answers a period as GraphML or CSV downloads when Accept asks for them, as JSON otherwise', async () => {
      await snapshot('2026');
      const as = (accept: string) => ({ ...REPORTER, headers: { accept } });
      const graphml = await k.request('GET', '/v1/network/periods/2026', as('application/graphml+xml'));
      expect(graphml.status).toBe(200);
      expect(graphml.headers['content-type']).toBe('application/graphml+xml; charset=utf-8');
      expect(graphml.headers['content-disposition']).toBe('attachment; filename="netwerk-2026.graphml"');
      expect(graphml.body).toContain(`<node id="organisation:${org.prodemos}">`);
      const csv = await k.request('GET', '/v1/network/periods/2026?table=edges', as('text/csv'));
      expect(csv.headers['content-disposition']).toBe('attachment; filename="netwerk-2026-edges.csv"');
      expect(csv.body.split('\r\n')[0]).toBe('source,target,weight,relations');
      const json = await k.request('GET', '/v1/network/periods/2026', as('application/json'));
      expect(json.headers['content-type']).toContain('application/json');
      expect(JSON.parse(json.raw.toString()).nodes.length).toBeGreaterThan(5);
      // The JSON comes as PostgreSQL writes it (never parsed in the service): the stored snapshot, field for field.
      const [stored] = await k.query(`SELECT period, computed_at, summary, nodes, edges FROM network_snapshots WHERE period = '2026'`);
      expect(JSON.parse(json.raw.toString())).toEqual({
        period: '2026',
        computedAt: (stored.computed_at as Date).toISOString(),
        summary: stored.summary,
        nodes: stored.nodes,
        edges: stored.edges,
      });
      const refused = await k.request('GET', '/v1/network/periods/2026', as('image/png'));
      expect([refused.status, refused.headers['content-type']]).toEqual([406, expect.stringContaining('application/problem+json')]);
    });

    it('rejects a bad period naming it, and keeps the network from partners', async () => {
      const bad = await k.request('POST', '/v1/network/computations', { ...REPORTER, body: { period: '2026-13' } });
      expect(bad.status).toBe(400);
      expect(bad.body.invalidParams[0].name).toBe('period');
      expect((await k.request('GET', '/v1/network/periods/2026-Q9', REPORTER)).status).toBe(400);
      expect((await k.request('GET', '/v1/network/periods/2026', PARTNER)).status).toBe(403);
      expect((await k.request('GET', '/v1/network/periods/2031', REPORTER)).status).toBe(404);
    });
  });

  describe('evaluations', () => {
    let formId: string;

    beforeAll(async () => {
      await waitFor(() => k.query(`SELECT 1 FROM activity_references WHERE activity_id = $1`, [activity.lesson]), (rows) => rows.length === 1, {
        what: 'the activity reference',
      });
      const form = await k.request('POST', '/v1/evaluation-forms', {
        roles: ['organiser'],
        body: {
          activityId: activity.lesson,
          title: 'Evaluatie gastles',
          questions: [
            { questionId: 'learned', kind: 'rating', label: { nl: 'Hoeveel heb je geleerd?', en: 'How much did you learn?' } },
            { questionId: 'fun', kind: 'rating', label: { nl: 'Hoe leuk was het?' }, scaleMin: 1, scaleMax: 10 },
            { questionId: 'remarks', kind: 'text', label: { nl: 'Opmerkingen' } },
          ],
        },
      });
      expect(form.status).toBe(201);
      formId = form.body.formId;
    });

    it('takes anonymous responses and emits aggregates per activity and per prestatie month, quarter and year', async () => {
      const publicForm = await k.request('GET', `/v1/evaluation-forms/${formId}`);
      expect(publicForm.body.questions.map((question: { questionId: string }) => question.questionId)).toEqual(['learned', 'fun', 'remarks']);
      expect((await k.request('POST', `/v1/evaluation-forms/${formId}/responses`, { body: { ratings: { learned: 4, fun: 8 }, comments: { remarks: 'Leerzaam!' } } })).status).toBe(202);
      expect((await k.request('POST', `/v1/evaluation-forms/${formId}/responses`, { body: { ratings: { learned: 5, fun: 6 } } })).status).toBe(202);

      // The job may run more than once for the burst (a later aggregate replaces an earlier one).
      const latest = await waitFor(
        async () => {
          const byScope = new Map<string, any>();
          for (const event of await k.outbox(EvaluationAggregatedV1.subject)) {
            byScope.set(`${event.scope}/${event.period}`, event);
          }
          return [...byScope.values()];
        },
        (found) => found.length === 4 && found.every((event) => event.responses === 2),
        { what: 'the aggregation job' },
      );
      const events = latest;
      expect(events.find((event) => event.scope === 'activity')).toMatchObject({ activityId: activity.lesson, period: '2026-05', averages: { learned: 4.5, fun: 7 } });
      expect(events.filter((event) => event.scope === 'prestatie').map((event) => event.period).sort()).toEqual(['2026', '2026-05', '2026-Q2']);
      const stored = (await k.request('GET', `/v1/evaluation-aggregates?scope=prestatie&key=7.2.3&period=2026-Q2`, REPORTER)).body;
      expect(stored).toEqual([expect.objectContaining({ responses: 2, averages: { learned: 4.5, fun: 7 } })]);
      const badPeriod = await k.request('GET', `/v1/evaluation-aggregates?period=2026-13`, REPORTER);
      expect(badPeriod.status).toBe(400);
      expect(badPeriod.body.invalidParams.map((param: { name: string }) => param.name)).toEqual(['period']);
      const results = (await k.request('GET', `/v1/evaluation-forms/${formId}/results`, EDITOR)).body;
      expect(results).toMatchObject({ responses: 2, averages: { learned: 4.5, fun: 7 }, comments: { remarks: ['Leerzaam!'] } });
      // Anonymous by construction: the day it arrived, the answers, nothing else.
      const columns = await k.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'evaluation_responses' ORDER BY column_name`);
      expect(columns.map((column) => column.column_name)).toEqual(['comments', 'form_id', 'ratings', 'response_id', 'submitted_on']);
    });

    it('rejects answers outside the scale or to unknown questions, naming them, and stores nothing', async () => {
      const before = (await k.query(`SELECT count(*)::int AS n FROM evaluation_responses`))[0].n;
      const response = await k.request('POST', `/v1/evaluation-forms/${formId}/responses`, {
        body: { ratings: { learned: 6, fun: 2.5, mood: 3 }, comments: { learned: 'x' } },
      });
      expect(response.status).toBe(400);
      expect(response.body.invalidParams.map((param: { name: string }) => param.name).sort()).toEqual(['comments.learned', 'ratings.fun', 'ratings.learned', 'ratings.mood']);
      expect((await k.request('POST', `/v1/evaluation-forms/${formId}/responses`, { body: {} })).status).toBe(400);
      expect((await k.query(`SELECT count(*)::int AS n FROM evaluation_responses`))[0].n).toBe(before);
    });

    it('takes no responses once closed', async () => {
      expect((await k.request('PATCH', `/v1/evaluation-forms/${formId}`, { ...EDITOR, body: { open: false } })).body.open).toBe(false);
      expect((await k.request('POST', `/v1/evaluation-forms/${formId}/responses`, { body: { ratings: { learned: 3 } } })).status).toBe(409);
    });
  });

  describe('attachments', () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
    let publicItem: string;
    let internalItem: string;

    beforeAll(async () => {
      const make = async (visibility: string) => {
        const created = await k.request('POST', '/v1/knowledge-items', { ...EDITOR, body: { kind: 'photo', title: `Foto ${visibility}`, language: 'nl', visibility } });
        await k.request('POST', `/v1/knowledge-items/${created.body.itemId}/status-changes`, { ...EDITOR, body: { status: 'published' } });
        return created.body.itemId as string;
      };
      publicItem = await make('public');
      internalItem = await make('internal');
    });

    const upload = (itemId: string, name: string, content: Buffer, contentType?: string) =>
      k.request('POST', `/v1/knowledge-items/${itemId}/attachments?name=${encodeURIComponent(name)}`, { ...EDITOR, raw: content, contentType });

    it('stores content-addressed, adds a version, and serves with safe headers', async () => {
      const first = await upload(publicItem, 'Tentoonstelling – Hedon.png', png);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ mediaType: 'image/png', sizeBytes: png.length, fileName: 'Tentoonstelling – Hedon.png' });
      const second = await upload(internalItem, 'kopie.png', png, 'image/png');
      expect(second.body.sha256).toBe(first.body.sha256);
      const stored = await readdir(`${k.config.ATTACHMENTS_DIR}/${first.body.sha256.slice(0, 2)}/${first.body.sha256.slice(2, 4)}`);
      expect(stored).toEqual([first.body.sha256]);

      const download = await k.request('GET', `/v1/knowledge-items/${publicItem}/attachments/${first.body.attachmentId}`);
      expect(download.status).toBe(200);
      expect(download.raw.equals(png)).toBe(true);
      expect(download.headers['content-type']).toBe('image/png');
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.headers['content-disposition']).toBe(
        `attachment; filename="Tentoonstelling _ Hedon.png"; filename*=UTF-8''Tentoonstelling%20%E2%80%93%20Hedon.png`,
      );
      const item = (await k.request('GET', `/v1/knowledge-items/${publicItem}`)).body;
      expect(item.version).toBe(3);
      expect(item.attachments).toEqual([first.body]);
      expect((await k.request('GET', `/v1/knowledge-items/${internalItem}/attachments/${second.body.attachmentId}`)).status).toBe(404);
      expect((await k.request('GET', `/v1/knowledge-items/${internalItem}/attachments/${second.body.attachmentId}`, REPORTER)).status).toBe(200);
    });

    it('refuses path traversal, a name that does not fit the content, unknown types and oversized files', async () => {
      const traversal = await upload(publicItem, '../../etc/passwd.png', png);
      expect(traversal.status).toBe(400);
      expect(traversal.body.invalidParams[0].name).toBe('name');
      const mismatch = await upload(publicItem, 'verslag.pdf', png);
      expect(mismatch.status).toBe(400);
      expect(mismatch.body.invalidParams[0].reason).toContain('image/png');
      const html = await upload(publicItem, 'pagina.html', Buffer.from('<html><script>alert(1)</script></html>'));
      expect(html.status).toBe(415);
      expect(html.headers['content-type']).toContain('application/problem+json');
      const large = await upload(publicItem, 'groot.png', Buffer.concat([png, Buffer.alloc(8192)]));
      expect(large.status).toBe(413);
      expect((await k.request('GET', `/v1/knowledge-items/${publicItem}`)).body.attachments).toHaveLength(1);
    });
  });
});
