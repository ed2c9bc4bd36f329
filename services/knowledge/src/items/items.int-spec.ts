import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KnowledgeItemArchivedV1, KnowledgeItemPublishedV1, LessonsLearnedRecordedV1 } from '@deelwijs/contracts';
import { InProcessService, waitFor, type InjectedRequest } from '@deelwijs/testing';
import type { KnowledgeConfig } from '../config/knowledge.config';
import { knowledgeService } from '../knowledge.service-definition';

const EDITOR = { roles: ['editor' as const] };
const PARTNER = { roles: ['partner' as const], organisationId: randomUUID() };
const REPORTER = { roles: ['reporter' as const] };

jest.setTimeout(30_000);

describe('knowledge items, versions, search and lessons learned (real PostgreSQL, NATS, Redis)', () => {
  let k: InProcessService<KnowledgeConfig>;
  let attachments: string;

  beforeAll(async () => {
    attachments = await mkdtemp(path.join(tmpdir(), 'deelwijs-kitems-'));
    k = await InProcessService.start(knowledgeService, 'kitems', { CONSUMER_BACKOFF_MS: '50,100', ATTACHMENTS_DIR: attachments });
  }, 60_000);

  afterAll(async () => {
    await k?.close();
    await rm(attachments, { recursive: true, force: true });
  });

  async function createItem(overrides: Record<string, unknown> = {}) {
    const response = await k.request('POST', '/v1/knowledge-items', {
      ...EDITOR,
      body: {
        kind: 'report',
        title: 'Democratiespelen in Overijssel',
        summary: 'Wat scholen leerden van het democratiespel.',
        body: '# Verslag\n\nHet **democratiespel** werd gespeeld op twaalf scholen met ProDemos.',
        language: 'nl',
        visibility: 'public',
        themes: ['democratie'],
        prestatieCodes: ['7.2.3'],
        actions: [{ prestatieCode: '7.2.3', number: 1 }],
        authors: ['Redactie'],
        ...overrides,
      },
    });
    expect(response.status).toBe(201);
    return response.body as { itemId: string; version: number };
  }

  const publish = (itemId: string) =>
    k.request('POST', `/v1/knowledge-items/${itemId}/status-changes`, { ...EDITOR, body: { status: 'published' } });

  describe('items and their versions', () => {
    it('creates a draft as version 1 with its Markdown rendered to safe HTML, and audits it', async () => {
      const created = await createItem({ body: 'Zie [site](https://prodemos.nl) en [x](javascript:alert(1)) <script>alert(2)</script>' });

      const item = (await k.request('GET', `/v1/knowledge-items/${created.itemId}`, EDITOR)).body;
      expect(item).toMatchObject({ version: 1, status: 'draft', kind: 'report', language: 'nl', visibility: 'public' });
      expect(item.bodyHtml).toContain('<a href="https://prodemos.nl" rel="noopener noreferrer nofollow">site</a>');
      expect(item.bodyHtml).not.toContain('href="javascript:');
      expect(item.bodyHtml).not.toContain('<script>');
      const audit = (await k.request('GET', `/v1/audit-log?entityType=knowledge-item&entityId=${created.itemId}`, EDITOR)).body;
      expect(audit.map((entry: { action: string; actor: string }) => [entry.action, entry.actor])).toEqual([['knowledge-item.created', 'staff:test-staff']]);
    });

    it('keeps every change as an immutable version with a diff between any two', async () => {
      const { itemId } = await createItem();
      const changed = await k.request('PATCH', `/v1/knowledge-items/${itemId}`, {
        ...EDITOR,
        body: { title: 'Democratiespelen in Zwolle', body: '# Verslag\n\nGespeeld op dertien scholen.', expectedVersion: 1 },
      });
      expect(changed.status).toBe(200);
      expect(changed.body.version).toBe(2);
      await publish(itemId);

      const versions = (await k.request('GET', `/v1/knowledge-items/${itemId}/versions`, EDITOR)).body;
      expect(versions.map((version: { version: number; change: string }) => [version.version, version.change])).toEqual([
        [1, 'created'],
        [2, 'updated'],
        [3, 'status:published'],
      ]);
      expect(versions[0].snapshot.title).toBe('Democratiespelen in Overijssel');

      const diff = (await k.request('GET', `/v1/knowledge-items/${itemId}/diff?from=1&to=3`, EDITOR)).body;
      expect(diff.changes.map((change: { field: string }) => change.field)).toEqual(['title', 'body', 'status']);
      expect(diff.bodyPatch).toContain('+Gespeeld op dertien scholen.');

      await expect(k.query(`UPDATE knowledge_item_versions SET change = 'x' WHERE item_id = $1`, [itemId])).rejects.toThrow(/immutable/);
    });

    it('lists an added attachment once, in the item and in the version the addition made', async () => {
      const { itemId } = await createItem();
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');
      const added = await k.request('POST', `/v1/knowledge-items/${itemId}/attachments?name=deelnemers.pdf`, { ...EDITOR, raw: pdf, contentType: 'application/pdf' });
      expect(added.status).toBe(201);

      const item = (await k.request('GET', `/v1/knowledge-items/${itemId}`, EDITOR)).body;
      expect(item.attachments.map((attachment: { fileName: string }) => attachment.fileName)).toEqual(['deelnemers.pdf']);
      const versions = (await k.request('GET', `/v1/knowledge-items/${itemId}/versions`, EDITOR)).body;
      const last = versions[versions.length - 1];
      expect(last.change).toBe('attachment-added');
      expect(last.snapshot.attachments.map((attachment: { fileName: string }) => attachment.fileName)).toEqual(['deelnemers.pdf']);
    });

    it('refuses a change based on an old version (409) and writes nothing', async () => {
      const { itemId } = await createItem();
      await k.request('PATCH', `/v1/knowledge-items/${itemId}`, { ...EDITOR, body: { title: 'Eerste wijziging' } });

      const stale = await k.request('PATCH', `/v1/knowledge-items/${itemId}`, { ...EDITOR, body: { title: 'Verouderd', expectedVersion: 1 } });

      expect(stale.status).toBe(409);
      expect(stale.headers['content-type']).toContain('application/problem+json');
      expect((await k.query(`SELECT count(*)::int AS n FROM knowledge_item_versions WHERE item_id = $1`, [itemId]))[0].n).toBe(2);
    });

    it('rejects bad input with problem+json naming each field, and writes nothing', async () => {
      const existing = await createItem();
      const before = await k.query(`SELECT (SELECT count(*) FROM knowledge_item_versions)::int AS versions, (SELECT count(*) FROM audit_log)::int AS audit`);
      const response = await k.request('POST', '/v1/knowledge-items', {
        ...EDITOR,
        body: { kind: 'report', title: '', language: 'fr', visibility: 'everyone', prestatieCodes: ['7.x'], actions: [{ prestatieCode: '7.2.3', number: 0 }], admin: true },
      });
      const unknownKind = await k.request('POST', '/v1/knowledge-items', {
        ...EDITOR,
        body: { kind: 'poem', title: 'Gedicht', language: 'nl', visibility: 'public' },
      });

      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.invalidParams.map((param: { name: string }) => param.name).sort()).toEqual(
        ['actions.0.number', 'admin', 'language', 'prestatieCodes', 'title', 'visibility'].sort(),
      );
      const nulled = await k.request('PATCH', `/v1/knowledge-items/${existing.itemId}`, { ...EDITOR, body: { title: null, themes: ['ok'] } });
      expect(nulled.status).toBe(400);
      expect(nulled.body.invalidParams.map((param: { name: string }) => param.name)).toEqual(['title']);
      expect(unknownKind.status).toBe(400);
      expect(unknownKind.body.invalidParams).toEqual([{ name: 'kind', reason: expect.stringContaining('poem') }]);
      expect(await k.query(`SELECT (SELECT count(*) FROM knowledge_item_versions)::int AS versions, (SELECT count(*) FROM audit_log)::int AS audit`)).toEqual(before);
    });

    it('keeps kinds as data: an admin adds one, and items may use it from then on', async () => {
      const body = { kind: 'podcast', title: 'Podcast over de jongerenraad', language: 'nl', visibility: 'public' };
      expect((await k.request('POST', '/v1/knowledge-items', { ...EDITOR, body })).status).toBe(400);
      expect((await k.request('POST', '/v1/knowledge-kinds', { ...EDITOR, body: { slug: 'podcast', nl: 'podcast', en: 'podcast' } })).status).toBe(403);
      const kinds = await k.request('POST', '/v1/knowledge-kinds', { roles: ['admin'], body: { slug: 'podcast', nl: 'podcast', en: 'podcast' } });
      expect(kinds.body.map((kind: { slug: string }) => kind.slug)).toEqual([
        'report', 'lesson-learned', 'advice', 'method', 'presentation', 'photo', 'dataset', 'article', 'podcast',
      ]);
      expect((await k.request('POST', '/v1/knowledge-items', { ...EDITOR, body })).status).toBe(201);
      expect((await k.request('GET', '/v1/knowledge-kinds')).body).toContainEqual({ slug: 'podcast', nl: 'podcast', en: 'podcast' });
    });

    it('lets only editors write, and allows only the lifecycle transitions', async () => {
      const { itemId } = await createItem();
      expect((await k.request('POST', '/v1/knowledge-items', { body: {} })).status).toBe(401);
      expect((await k.request('PATCH', `/v1/knowledge-items/${itemId}`, { ...PARTNER, body: { title: 'x' } })).status).toBe(403);
      expect((await k.request('GET', `/v1/knowledge-items/${itemId}/versions`, REPORTER)).status).toBe(403);
      const archiveDraft = await k.request('POST', `/v1/knowledge-items/${itemId}/status-changes`, { ...EDITOR, body: { status: 'archived' } });
      expect(archiveDraft.status).toBe(409);
      expect(archiveDraft.body.detail).toContain('allowed: in-review, published');
    });

    it('emits published (again after a change) and archived events through the outbox', async () => {
      const { itemId } = await createItem({ visibility: 'partners', partnerOrganisationIds: [PARTNER.organisationId] });
      await publish(itemId);
      await k.request('PATCH', `/v1/knowledge-items/${itemId}`, { ...EDITOR, body: { themes: ['democratie', 'jongeren'] } });
      await k.request('POST', `/v1/knowledge-items/${itemId}/status-changes`, { ...EDITOR, body: { status: 'archived' } });

      const published = (await k.outbox(KnowledgeItemPublishedV1.subject)).filter((event) => event.itemId === itemId);
      expect(published.map((event) => [event.version, event.themes])).toEqual([
        [2, ['democratie']],
        [3, ['democratie', 'jongeren']],
      ]);
      expect(published[0]).toMatchObject({ visibility: 'partners', partnerOrganisationIds: [PARTNER.organisationId], prestatieCodes: ['7.2.3'] });
      expect(published[0]).not.toHaveProperty('authors');
      expect((await k.outbox(KnowledgeItemArchivedV1.subject)).filter((event) => event.itemId === itemId)).toHaveLength(1);
    });
  });

  describe('visibility', () => {
    let ids: Record<'public' | 'partners' | 'internal' | 'draft', string>;

    beforeAll(async () => {
      const title = (word: string) => `Zichtbaarheidstoets ${word}`;
      const made = {
        public: await createItem({ title: title('openbaar'), visibility: 'public' }),
        partners: await createItem({ title: title('partners'), visibility: 'partners' }),
        internal: await createItem({ title: title('intern'), visibility: 'internal' }),
        draft: await createItem({ title: title('concept'), visibility: 'public' }),
      };
      for (const key of ['public', 'partners', 'internal'] as const) {
        await publish(made[key].itemId);
      }
      ids = { public: made.public.itemId, partners: made.partners.itemId, internal: made.internal.itemId, draft: made.draft.itemId };
    });

    const found = async (caller: InjectedRequest = {}) => {
      const response = await k.request('GET', `/v1/knowledge-search-results?q=zichtbaarheidstoets&pageSize=50`, caller);
      expect(response.status).toBe(200);
      return (response.body.items as { itemId: string }[]).map((hit) => hit.itemId).sort();
    };

    it('shows the public public items, partners also partner items, staff internal ones too; drafts never in search', async () => {
      expect(await found()).toEqual([ids.public]);
      expect(await found(PARTNER)).toEqual([ids.public, ids.partners].sort());
      expect(await found(REPORTER)).toEqual([ids.public, ids.partners, ids.internal].sort());
      expect(await found(EDITOR)).toEqual([ids.public, ids.partners, ids.internal].sort());
    });

    it('answers 404 for an item the caller may not see, as for one that does not exist', async () => {
      expect((await k.request('GET', `/v1/knowledge-items/${ids.internal}`)).status).toBe(404);
      expect((await k.request('GET', `/v1/knowledge-items/${ids.internal}`, PARTNER)).status).toBe(404);
      expect((await k.request('GET', `/v1/knowledge-items/${ids.partners}`, PARTNER)).status).toBe(200);
      expect((await k.request('GET', `/v1/knowledge-items/${ids.draft}`, REPORTER)).status).toBe(404);
      expect((await k.request('GET', `/v1/knowledge-items/${ids.draft}`, EDITOR)).status).toBe(200);
    });

    it('refuses a forged token on a public route instead of answering as to anyone', async () => {
      const response = await k.request('GET', '/v1/knowledge-search-results?q=x', { headers: { authorization: 'Bearer forged' } });
      expect(response.status).toBe(401);
    });
  });

  describe('search', () => {
    const partner = randomUUID();

    beforeAll(async () => {
      const items = [
        { title: 'Democratiespel op de Thorbecke school', body: 'Leerlingen speelden een democratiespel in de raadzaal.', themes: ['democratie', 'onderwijs'], partnerOrganisationIds: [partner] },
        { title: 'Gastlessen over de provincie', body: 'Veertig gastlessen op scholen in Overijssel.', themes: ['onderwijs'], prestatieCodes: ['7.2.3'] },
        { title: 'Fototentoonstelling democratie met Hedon', body: 'Een tentoonstelling over democratie: kosten < baten & <b>vrijheid</b>.', kind: 'photo', themes: ['democratie'] },
        { title: 'Democracy games for newcomers', body: 'We played democracy games with newcomers in Zwolle.', language: 'en', themes: ['democratie'] },
        { title: 'Jongerenraad advies over wonen', body: 'Het advies van de jongerenraad over betaalbaar wonen.', kind: 'advice', prestatieCodes: ['7.2.3'], themes: ['wonen'] },
      ];
      for (const item of items) {
        const { itemId } = await createItem({ summary: '', prestatieCodes: ['9.1.6'], ...item });
        await publish(itemId);
      }
    });

    const search = async (query: string) => {
      const response = await k.request('GET', `/v1/knowledge-search-results?${query}`);
      expect(response.status).toBe(200);
      return response.body;
    };

    it('finds "democratiespel" when asked for "democratiespelen" (Dutch stemming), with the match highlighted', async () => {
      const result = await search('q=democratiespelen&theme=onderwijs');
      expect(result.items.map((hit: { title: string }) => hit.title)).toEqual(['Democratiespel op de Thorbecke school']);
      expect(result.items[0].snippet).toContain('<mark>democratiespel</mark>');
    });

    it('stems English items in English', async () => {
      const result = await search('q=game&language=en');
      expect(result.items.map((hit: { title: string }) => hit.title)).toEqual(['Democracy games for newcomers']);
    });

    it('tolerates a typo in the title words (pg_trgm)', async () => {
      const result = await search('q=fototentoonstling');
      expect(result.items.map((hit: { title: string }) => hit.title)).toContain('Fototentoonstelling democratie met Hedon');
    });

    it('ranks a title match above a body match', async () => {
      const result = await search('q=democratie&theme=democratie');
      expect(result.items[0].title).toBe('Fototentoonstelling democratie met Hedon');
    });

    it('escapes the body in snippets: only <mark> is markup', async () => {
      const result = await search('q=vrijheid');
      expect(result.items[0].snippet).toContain('kosten &#60; baten &#38;');
      expect(result.items[0].snippet).toContain('<mark>vrijheid</mark>');
      expect(result.items[0].snippet).not.toContain('<b>');
    });

    it('filters by kind, prestatie, partner and date, and counts facets over the matches', async () => {
      const byKind = await search('q=advies&kind=advice');
      expect(byKind.items.map((hit: { title: string }) => hit.title)).toEqual(['Jongerenraad advies over wonen']);
      const byPartner = await search(`partner=${partner}`);
      expect(byPartner.total).toBe(1);
      const byPrestatie = await search('prestatie=9.1.6&prestatie=7.2.3&theme=onderwijs');
      expect(byPrestatie.total).toBe(2);
      expect(byPrestatie.facets.prestatie).toEqual(
        expect.arrayContaining([
          { value: '9.1.6', count: 1 },
          { value: '7.2.3', count: 1 },
        ]),
      );
      expect(byPrestatie.facets.theme).toEqual(expect.arrayContaining([{ value: 'onderwijs', count: 2 }, { value: 'democratie', count: 1 }]));
      expect(byPrestatie.facets.kind).toEqual([{ value: 'report', count: 2 }]);
      const year = new Date().getUTCFullYear();
      expect((await search(`theme=onderwijs&from=${year + 1}-01-01`)).total).toBe(0);
      expect((await search(`theme=onderwijs&to=${year + 1}-12-31`)).total).toBe(2);
    });

    it('rejects bad search parameters naming them', async () => {
      const response = await k.request('GET', '/v1/knowledge-search-results?language=fr&partner=nope&from=gisteren&pageSize=1000');
      expect(response.status).toBe(400);
      expect(response.body.invalidParams.map((param: { name: string }) => param.name).sort()).toEqual(['from', 'language', 'pageSize', 'partner']);
    });
  });

  describe('lessons learned from the activities stream', () => {
    const lessons = (activityId: string, whatWorked: string) => ({
      activityId,
      title: 'Democratiespel Deventer',
      type: 'democracy-game',
      prestatieCode: '7.2.3',
      actionNumber: 1,
      partnerOrganisationIds: [PARTNER.organisationId],
      whatWorked,
      whatToChange: 'Meer tijd voor de nabespreking.',
      followUp: 'Herhalen in het voorjaar.',
      recordedAt: new Date().toISOString(),
    });

    const draftOf = async (activityId: string) =>
      (await k.request('GET', `/v1/knowledge-items?activityId=${activityId}`, EDITOR)).body.items as any[];

    it('turns a close-out into one internal draft linked to the activity, applied once however often delivered', async () => {
      const activityId = randomUUID();
      const envelope = await k.publish(LessonsLearnedRecordedV1, lessons(activityId, 'De rollenspellen werkten goed.'));
      const items = await waitFor(() => draftOf(activityId), (found) => found.length === 1, { what: 'the lessons-learned draft' });

      expect(items[0]).toMatchObject({
        kind: 'lesson-learned',
        status: 'draft',
        visibility: 'internal',
        title: 'Geleerde lessen: Democratiespel Deventer',
        sourceActivityId: activityId,
        activityIds: [activityId],
        prestatieCodes: ['7.2.3'],
        actions: [{ prestatieCode: '7.2.3', number: 1 }],
        partnerOrganisationIds: [PARTNER.organisationId],
      });
      expect(items[0].bodyHtml).toContain('<h2>Wat werkte</h2>');

      // A second recording for the same activity refreshes the untouched draft as a new version.
      const again = await k.publish(LessonsLearnedRecordedV1, lessons(activityId, 'Tweede opname.'));
      await waitFor(
        () => k.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [again.eventId]),
        (rows) => rows.length === 1,
        { what: 'the second recording' },
      );
      const after = await draftOf(activityId);
      expect(after).toHaveLength(1);
      expect(after[0].version).toBe(2);
      expect(after[0].body).toContain('Tweede opname.');
      expect((await k.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = $1`, [envelope.eventId]))[0].n).toBe(1);
    });
  });
});
