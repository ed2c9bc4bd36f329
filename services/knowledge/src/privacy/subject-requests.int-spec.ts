import { signStaffToken } from '@deelwijs/identity';
import { subjectHash } from '@deelwijs/platform';
import { InProcessService, TEST_JWT_SECRET } from '@deelwijs/testing';
import type { KnowledgeConfig } from '../config/knowledge.config';
import { knowledgeService } from '../knowledge.service-definition';

const EDITOR = { roles: ['editor' as const] };
const OFFICER = { roles: ['privacy-officer' as const] };
const ANNA = 'anna.devries@example.nl';

/** The privacy officer's requests about one person in knowledge (real PostgreSQL, NATS, Redis). */
describe('knowledge: subject access, erasure of an author by e-mail address, the audit', () => {
  let k: InProcessService<KnowledgeConfig>;

  beforeAll(async () => {
    k = await InProcessService.start(knowledgeService, 'ksubjects');
  }, 60_000);
  afterAll(() => k?.close());

  async function createItem(authors: string[]) {
    const response = await k.request('POST', '/v1/knowledge-items', {
      ...EDITOR,
      body: { kind: 'report', title: 'Democratiespelen in Overijssel', language: 'nl', visibility: 'public', authors },
    });
    expect(response.status).toBe(201);
    return response.body.itemId as string;
  }

  it('finds the items and versions that name the address, erases it from them once, and audits by hash', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const itemId = await createItem(['Redactie', 'Anna.deVries@example.nl']);
    expect((await k.request('PATCH', `/v1/knowledge-items/${itemId}`, { ...EDITOR, body: { title: 'Democratiespelen 2026' } })).status).toBe(200);
    const otherId = await createItem(['Redactie']);
    // Anna is also an editor, signed in with her address as subject: her changes are recorded under it.
    const asAnna = { authorization: `Bearer ${signStaffToken(TEST_JWT_SECRET, { subject: 'Anna.deVries@example.nl', roles: ['editor'] })}` };
    expect((await k.request('PATCH', `/v1/knowledge-items/${otherId}`, { headers: asAnna, body: { title: 'Andere titel' } })).status).toBe(200);

    expect((await k.request('POST', '/v1/privacy/subject-access', { roles: ['admin'], body: { email: ANNA } })).status).toBe(403);
    const access = await k.request('POST', '/v1/privacy/subject-access', { ...OFFICER, body: { email: ANNA } });
    expect(access.status).toBe(200);
    expect(access.headers['cache-control']).toBe('no-store');
    expect(access.body.data.authoredItems).toEqual([{ itemId, title: 'Democratiespelen 2026', version: 2, authors: ['Redactie', 'Anna.deVries@example.nl'] }]);
    expect(access.body.data.authoredVersions).toEqual([
      { itemId, version: 1 },
      { itemId, version: 2 },
    ]);
    expect(access.body.data.changesMade).toEqual([{ action: 'knowledge-item.updated', count: 1 }]);

    const erased = await k.request('POST', '/v1/privacy/erasures', { ...OFFICER, body: { email: ANNA } });
    expect(erased.body).toEqual({ service: 'knowledge', erased: { itemAuthorships: 1, versionAuthorships: 2 } });
    expect((await k.request('POST', '/v1/privacy/erasures', { ...OFFICER, body: { email: ANNA } })).body).toEqual({
      service: 'knowledge',
      erased: { itemAuthorships: 0, versionAuthorships: 0 },
    });
    expect((await k.request('GET', `/v1/knowledge-items/${itemId}`, EDITOR)).body.authors).toEqual(['Redactie']);
    const versions = await k.query<{ version: number; authors: string[]; title: string }>(
      `SELECT version, snapshot -> 'authors' AS authors, snapshot ->> 'title' AS title FROM knowledge_item_versions WHERE item_id = $1 ORDER BY version`,
      [itemId],
    );
    expect(versions).toEqual([
      { version: 1, authors: ['Redactie'], title: 'Democratiespelen in Overijssel' },
      { version: 2, authors: ['Redactie'], title: 'Democratiespelen 2026' },
    ]);
    // Versions stay immutable in everything else, erasure or not.
    await expect(k.query(`UPDATE knowledge_item_versions SET snapshot = snapshot || '{"title": "x"}' WHERE item_id = $1`, [itemId])).rejects.toThrow(/immutable/);
    await expect(
      k.dataSource.transaction(async (db) => {
        await db.query(`SET LOCAL deelwijs.erasure = 'on'`);
        await db.query(`UPDATE knowledge_item_versions SET snapshot = snapshot || '{"title": "x"}' WHERE item_id = $1`, [itemId]);
      }),
    ).rejects.toThrow(/immutable/);

    const audit = await k.request('GET', `/v1/privacy/audit?from=${encodeURIComponent(from)}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&email=${ANNA}`, OFFICER);
    expect(audit.status).toBe(200);
    // Newest first: both erasures, the request, Anna's own change, and the changes to the item she
    // authored until the erasure (which recorded it).
    expect(audit.body.items.map((entry: { action: string; recordIds: string[] }) => [entry.action, entry.recordIds[0]])).toEqual([
      ['privacy.erasure', subjectHash(ANNA)],
      ['privacy.erasure', subjectHash(ANNA)],
      ['privacy.subject-access', subjectHash(ANNA)],
      ['knowledge-item.updated', otherId],
      ['knowledge-item.updated', itemId],
      ['knowledge-item.created', itemId],
    ]);
    const requests = audit.body.items.filter((entry: { action: string }) => entry.action.startsWith('privacy.'));
    expect(requests.map((entry: { action: string; subjectHashes: string[] }) => [entry.action, entry.subjectHashes])).toEqual([
      ['privacy.erasure', [subjectHash(ANNA)]],
      ['privacy.erasure', [subjectHash(ANNA)]],
      ['privacy.subject-access', [subjectHash(ANNA)]],
    ]);
    const next = await k.request('GET', `/v1/privacy/audit?from=${encodeURIComponent(from)}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, OFFICER);
    expect(next.body.items[0]).toMatchObject({ action: 'privacy.audit-read', subjectHashes: [subjectHash(ANNA)] });

    // The requests about her hold her address nowhere; her own change keeps her subject as its
    // actor (who changed what is the record of accountability, and is not erased).
    const inClear = await k.query<{ entity_type: string }>(`SELECT entity_type FROM audit_log WHERE lower(row_to_json(audit_log)::text) LIKE $1`, [`%${ANNA}%`]);
    expect(inClear).toEqual([{ entity_type: 'knowledge-item' }]);
  });
});
