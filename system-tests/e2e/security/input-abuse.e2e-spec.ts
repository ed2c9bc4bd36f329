import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { TestSystem, type ServiceProcess } from '@deelwijs/testing';
import { bearerFor, builtServiceDefinition, rawRequest, requestDeclaringLength } from './security-kit';

const SQL_INJECTION = `Robert'); DROP TABLE registrations; --`;
const SCRIPT_INJECTION = `<script>alert('xss')</script><img src=x onerror=alert(1)>`;
const ATTACHMENT_LIMIT = 4_096;

const organiser = bearerFor(['organiser'], { subject: 'abuse-organiser' });
const editor = bearerFor(['editor'], { subject: 'abuse-editor' });
const admin = bearerFor(['admin'], { subject: 'abuse-admin' });

function inDays(days: number, hour: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  date.setUTCHours(hour, 0, 0, 0);
  return date.toISOString();
}

const activityBody = (overrides: Record<string, unknown> = {}) => ({
  type: 'lecture',
  title: { nl: 'Lezing', en: 'Lecture' },
  prestatieCode: '7.2.3',
  venue: { name: 'Bibliotheek', municipality: 'Zwolle' },
  locationCategory: 'regular',
  startsAt: inDays(15, 18),
  endsAt: inDays(15, 20),
  capacity: 100,
  publish: true,
  ...overrides,
});

/** One write endpoint per service, the table it writes to, and who may call it. */
interface Target {
  service: 'activities' | 'knowledge' | 'reporting';
  route: string;
  table: string;
  headers: Record<string, string>;
}

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/**
 * Hostile input against the real services: each is answered with a 4xx problem+json naming
 * what is wrong, and nothing is stored; text that is legitimately free text is stored as
 * it came and comes out escaped wherever it is rendered.
 */
describe('input abuse', () => {
  const system = new TestSystem('abuse');
  const services = new Map<Target['service'], ServiceProcess>();
  const databases = new Map<Target['service'], Client>();
  let attachments: string;
  let targets: Target[];

  beforeAll(async () => {
    attachments = await mkdtemp(path.join(tmpdir(), 'deelwijs-abuse-'));
    await Promise.all(
      (['activities', 'knowledge', 'reporting'] as const).map(async (name) => {
        const url = await system.database(`abuse_${name}`);
        const env: Record<string, string> =
          name === 'knowledge'
            ? { ATTACHMENTS_DIR: attachments, ATTACHMENT_MAX_BYTES: String(ATTACHMENT_LIMIT) }
            : {};
        services.set(name, await system.start(name, url, env));
        const client = new Client({ connectionString: url });
        await client.connect();
        databases.set(name, client);
      }),
    );
    targets = [
      { service: 'activities', route: '/v1/activities', table: 'activities', headers: organiser },
      { service: 'knowledge', route: '/v1/knowledge-items', table: 'knowledge_items', headers: editor },
      { service: 'reporting', route: '/v1/subscriptions', table: 'report_subscriptions', headers: admin },
    ];
  }, 120_000);

  afterAll(async () => {
    await Promise.all([...databases.values()].map((client) => client.end()));
    await system.cleanUp();
    await rm(attachments, { recursive: true, force: true });
  }, 60_000);

  const count = async (service: Target['service'], table: string) =>
    (await databases.get(service)!.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
  const outboxCount = (service: Target['service']) => count(service, 'outbox');

  function expectProblem(response: { status: number; headers: Headers; body: any }, status: number) {
    expect({ status: response.status, contentType: response.headers.get('content-type') }).toEqual({
      status,
      contentType: expect.stringContaining('application/problem+json'),
    });
    expect(response.body).toMatchObject({ status, title: expect.any(String) });
  }

  it('refuses malformed JSON, a wrong media type, prototype pollution, oversized and deeply nested bodies in every service, storing nothing', async () => {
    for (const target of targets) {
      const service = services.get(target.service)!;
      const definition = builtServiceDefinition(target.service);
      const bodyLimit = Number(
        definition.defaults.HTTP_BODY_LIMIT_BYTES ?? new definition.configClass().HTTP_BODY_LIMIT_BYTES,
      );
      const [rows, events] = [await count(target.service, target.table), await outboxCount(target.service)];
      const send = (body: string | Buffer, contentType = 'application/json') =>
        rawRequest(service, 'POST', target.route, {
          headers: { ...target.headers, 'content-type': contentType },
          body,
        });

      const malformed = await send('{"type": "lecture", "title": ');
      expectProblem(malformed, 400);
      expect(malformed.body.detail).toMatch(/JSON/i);

      expectProblem(await send('<activity type="lecture"/>', 'application/xml'), 415);
      expectProblem(await send('{"__proto__": {"isAdmin": true}, "type": "lecture"}'), 400);

      // One byte over the service's own limit: the declared size alone is refused, before a
      // byte of the body is read (a client writing it would race the server's close).
      const oversized = await requestDeclaringLength(
        service,
        'POST',
        target.route,
        { ...target.headers, 'content-type': 'application/json' },
        bodyLimit + 1,
      );
      expect(oversized.status).toBe(413);
      expect(oversized.headers['content-type']).toContain('application/problem+json');
      expect(oversized.body).toMatchObject({ status: 413, title: expect.any(String) });

      for (const depth of [40, 100_000]) {
        const deep = await send(nested(depth));
        expectProblem(deep, 400);
        expect(deep.body.invalidParams).toEqual([
          { name: 'body', reason: expect.stringMatching(/nested deeper than \d+ levels/) },
        ]);
      }

      expect([
        target.service,
        await count(target.service, target.table),
        await outboxCount(target.service),
      ]).toEqual([target.service, rows, events]);
    }
  });

  it('refuses wrong types naming each field, and writes nothing', async () => {
    const activities = services.get('activities')!;
    const before = await count('activities', 'activities');
    const wrong = await activities.request('POST', '/v1/activities', {
      headers: organiser,
      body: activityBody({
        capacity: 'thirty',
        startsAt: 12,
        title: 'Lezing',
        publish: 'yes',
        venue: ['Zwolle'],
      }),
    });
    expectProblem(wrong, 400);
    expect(wrong.body.invalidParams.map((param: { name: string }) => param.name.split('.')[0])).toEqual(
      expect.arrayContaining(['capacity', 'startsAt', 'title', 'publish', 'venue']),
    );
    const arrayBody = await activities.request('POST', '/v1/activities', {
      headers: organiser,
      body: [activityBody()],
    });
    expectProblem(arrayBody, 400);
    const notUuid = await activities.request('GET', `/v1/activities/${encodeURIComponent("1' OR '1'='1")}`, {
      headers: organiser,
    });
    expectProblem(notUuid, 400);
    expect(await count('activities', 'activities')).toBe(before);

    const created = await activities.request('POST', '/v1/activities', {
      headers: organiser,
      body: activityBody(),
    });
    expect(created.status).toBe(201);
    const registrations = await count('activities', 'registrations');
    const badRegistration = await activities.request(
      'POST',
      `/v1/activities/${created.body.id}/registrations`,
      {
        headers: organiser,
        body: {
          kind: 'group',
          headcount: '12; DELETE FROM registrations',
          contactName: ['x'],
          contactEmail: 42,
        },
      },
    );
    expectProblem(badRegistration, 400);
    expect(badRegistration.body.invalidParams.map((param: { name: string }) => param.name)).toEqual(
      expect.arrayContaining(['headcount', 'contactName', 'contactEmail']),
    );
    expect(await count('activities', 'registrations')).toBe(registrations);
  });

  it('stores SQL and script injection strings as the text they are, and exports them inert', async () => {
    const activities = services.get('activities')!;
    const created = await activities.request('POST', '/v1/activities', {
      headers: organiser,
      body: activityBody(),
    });
    const registered = await activities.request('POST', `/v1/activities/${created.body.id}/registrations`, {
      headers: organiser,
      body: {
        kind: 'group',
        headcount: 3,
        contactName: SQL_INJECTION,
        contactEmail: 'docent@school.example',
        schoolName: SCRIPT_INJECTION,
        className: '=HYPERLINK("http://evil.example")',
      },
    });
    expect(registered.status).toBe(201);
    const stored = await databases
      .get('activities')!
      .query(`SELECT contact_name, school_name FROM registrations WHERE id = $1`, [registered.body.id]);
    expect(stored.rows).toEqual([{ contact_name: SQL_INJECTION, school_name: SCRIPT_INJECTION }]);
    // The table the injection names is still there, with the row in it.
    expect(await count('activities', 'registrations')).toBeGreaterThan(0);

    const csv = await activities.request('GET', `/v1/activities/${created.body.id}/registrations`, {
      headers: { ...organiser, accept: 'text/csv' },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    // A formula is defused for spreadsheets with a leading apostrophe.
    expect(csv.body).toContain(`'=HYPERLINK`);
    expect(csv.body).not.toMatch(/[,\n]=HYPERLINK/);

    const filtered = await activities.request(
      'GET',
      `/v1/activities?type=${encodeURIComponent("lecture' OR 1=1 --")}`,
      { headers: organiser },
    );
    expect(filtered.status).toBeLessThan(500);
    expect(filtered.status === 400 || filtered.body.items?.length === 0).toBe(true);
  });

  it('keeps script out of rendered knowledge and finds nothing through an injected search', async () => {
    const knowledge = services.get('knowledge')!;
    const item = await knowledge.request('POST', '/v1/knowledge-items', {
      headers: editor,
      body: {
        kind: 'report',
        title: `Verslag ${SCRIPT_INJECTION}`,
        language: 'nl',
        visibility: 'public',
        body: `Inleiding ${SCRIPT_INJECTION}\n\n[klik](javascript:alert(1)) ${SQL_INJECTION}`,
      },
    });
    expect(item.status).toBe(201);
    const read = await knowledge.request('GET', `/v1/knowledge-items/${item.body.itemId}`, {
      headers: editor,
    });
    expect(read.body.title).toBe(`Verslag ${SCRIPT_INJECTION}`);
    expect(read.body.body).toContain(SQL_INJECTION);
    expect(read.body.bodyHtml).toContain('&lt;script&gt;');
    // The unsafe link stays visible as text, but is no link.
    expect(read.body.bodyHtml).not.toMatch(/<script|<img|<a /);

    const published = await knowledge.request(
      'POST',
      `/v1/knowledge-items/${item.body.itemId}/status-changes`,
      { headers: editor, body: { status: 'published' } },
    );
    expect(published.status).toBe(200);
    const injected = await knowledge.request(
      'GET',
      `/v1/knowledge-search-results?q=${encodeURIComponent("zzzq' OR '1'='1")}`,
    );
    expect(injected.status).toBe(200);
    expect(injected.body.total).toBe(0);
    const found = await knowledge.request('GET', `/v1/knowledge-search-results?q=inleiding`);
    expect(found.body.total).toBe(1);
    // The title is text in JSON, as it was written; the snippet is HTML (with <mark>), so escaped.
    expect(found.body.items[0].title).toBe(`Verslag ${SCRIPT_INJECTION}`);
    expect(found.body.items[0].snippet).toContain('<mark>Inleiding</mark>');
    expect(found.body.items[0].snippet).not.toMatch(/<script|<img/);
  });

  it('refuses attachment names that walk a path or hide their ending, and oversized files, storing no file and no row', async () => {
    const knowledge = services.get('knowledge')!;
    const item = await knowledge.request('POST', '/v1/knowledge-items', {
      headers: editor,
      body: { kind: 'report', title: 'Bijlagen', language: 'nl', visibility: 'internal' },
    });
    expect(item.status).toBe(201);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');
    const upload = (name: string, body: Buffer = pdf) =>
      rawRequest(
        knowledge,
        'POST',
        `/v1/knowledge-items/${item.body.itemId}/attachments?name=${encodeURIComponent(name)}`,
        {
          headers: { ...editor, 'content-type': 'application/pdf' },
          body,
        },
      );

    for (const name of [
      '../../etc/passwd.pdf',
      '..\\..\\windows\\win.ini.pdf',
      '/etc/cron.d/x.pdf',
      '.htaccess.pdf',
      'verslag\u0000.pdf',
      'rapport\u202Efdp.exe',
      'x/../../y.pdf',
    ]) {
      const refused = await upload(name);
      expectProblem(refused, 400);
      expect([name, refused.body.invalidParams?.[0]?.name]).toEqual([name, 'name']);
    }
    expectProblem(await upload('verslag.pdf', Buffer.concat([pdf, Buffer.alloc(ATTACHMENT_LIMIT)])), 413);
    expectProblem(await upload('page.html', Buffer.from(`<html>${SCRIPT_INJECTION}</html>`)), 415);

    expect(await count('knowledge', 'knowledge_attachments')).toBe(0);
    expect(await readdir(attachments, { recursive: true })).toEqual([]);

    // A plain name is stored under the content's hash, never under the name it came with.
    const accepted = await upload('verslag "democratiespel"; 2026.pdf');
    expect(accepted.status).toBe(201);
    const files = (await readdir(attachments, { recursive: true })).map(String);
    expect(files.some((file) => file.endsWith(accepted.body.sha256))).toBe(true);
    expect(files.some((file) => file.includes('verslag'))).toBe(false);
    const download = await rawRequest(
      knowledge,
      'GET',
      `/v1/knowledge-items/${item.body.itemId}/attachments/${accepted.body.attachmentId}`,
      { headers: editor },
    );
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="verslag _democratiespel__ 2026.pdf"; filename*=UTF-8''verslag%20%22democratiespel%22%3B%202026.pdf`,
    );
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(
      (
        await rawRequest(
          knowledge,
          'GET',
          `/v1/knowledge-items/${item.body.itemId}/attachments/${randomUUID()}`,
          { headers: editor },
        )
      ).status,
    ).toBe(404);
  });
});
