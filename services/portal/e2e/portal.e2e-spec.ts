import IORedis from 'ioredis';
import { PortalHttpClient, PortalSystem, TEST_REDIS, waitFor } from '@deelwijs/testing';

function inDays(days: number, hour = 19): string {
  const date = new Date(Date.now() + days * 86_400_000);
  date.setUTCHours(hour, 0, 0, 0);
  return date.toISOString();
}

/**
 * The portal as a real process in front of the three services and the embedded OpenID
 * provider, driven over HTTP as a browser would: redirects, the provider's sign-in form,
 * cookies and the CSRF token.
 */
describe('portal (a real portal, provider and services)', () => {
  let system: PortalSystem;
  let redis: IORedis;

  beforeAll(async () => {
    // Short access tokens: after a few seconds every forwarded call makes the portal refresh.
    system = await PortalSystem.start({ label: 'portal', accessTokenTtlSeconds: 33 });
    redis = new IORedis(TEST_REDIS);
  }, 180_000);

  afterAll(async () => {
    redis?.disconnect();
    await system?.stop();
  }, 60_000);

  async function sessionRecord(): Promise<{ tokens: { accessToken: string } }[]> {
    const keys = await redis.keys(`deelwijs:${system.namespace}-portal-session:*`);
    const values = await Promise.all(keys.filter((key) => !key.endsWith(':refresh')).map((key) => redis.get(key)));
    return values.filter((value): value is string => value !== null).map((value) => JSON.parse(value));
  }

  it('serves the app (or its placeholder) at every path that is not the backend, and problems for unknown backend paths', async () => {
    const home = await fetch(`${system.urls.portal}/`, { headers: { 'accept-encoding': 'gzip' } });
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toContain('text/html');
    expect(home.headers.get('cache-control')).toBe('no-cache');
    const deep = await fetch(`${system.urls.portal}/organisatoren/activiteiten/123`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<html');
    const unknown = await fetch(`${system.urls.portal}/api/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    const config = await fetch(`${system.urls.portal}/api/config`);
    expect(await config.json()).toMatchObject({ services: { activities: { openapi: '/api/activities/openapi.json' } } });
    // The platform's security headers on every answer: the app with its own policy, the backend too.
    for (const response of [home, unknown, config]) {
      expect([response.headers.get('x-content-type-options'), response.headers.get('x-frame-options')]).toEqual(['nosniff', 'DENY']);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it('answers 401 not-signed-in for /api/session without a session', async () => {
    const client = new PortalHttpClient(system.urls.portal);
    const session = await client.session();
    expect(session.status).toBe(401);
    expect(session.body.type).toMatch(/not-signed-in$/);
  });

  it('refuses a wrong password on the provider\'s Dutch sign-in page, and names the problem', async () => {
    const client = new PortalHttpClient(system.urls.portal);
    const { response, url } = await client.signIn('organisator', 'not-the-password');
    expect(url.startsWith(system.urls.provider)).toBe(true);
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('<html lang="nl">');
    expect(page).toContain('role="alert"');
    expect(page).toContain('<label for="password">Wachtwoord</label>');
  });

  it('signs an organiser in and forwards reads and writes with the access token; writes need the CSRF token', async () => {
    const client = new PortalHttpClient(system.urls.portal);
    const { url, hops } = await client.signIn('organisator', system.password, '/organisatoren/activiteiten?week=12');
    expect(url).toBe(`${system.urls.portal}/organisatoren/activiteiten?week=12`);
    expect(hops.some((hop) => hop.startsWith(`${system.urls.portal}/auth/callback?`))).toBe(true);
    const cookie = client.setCookieLines.find((line) => line.startsWith('deelwijs_session=') && !/Max-Age=0/.test(line))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);

    const session = await client.session();
    expect(session.status).toBe(200);
    expect(session.body.user).toMatchObject({ id: 'demo-organisator', name: 'Olga Organisator', roles: ['organiser'] });
    expect(session.body.csrfToken).toEqual(expect.any(String));
    expect(Date.parse(session.body.expiresAt)).toBeGreaterThan(Date.now());

    const activity = {
      type: 'democracy-game',
      title: { nl: 'Democratiespel Deventer', en: 'Democracy game Deventer' },
      prestatieCode: '7.2.3',
      actionNumber: 1,
      partnerOrganisationIds: [system.partnerOrganisation.organisationId],
      venue: { name: 'Stadhuis', municipality: 'Deventer' },
      locationCategory: 'regular',
      startsAt: inDays(12),
      endsAt: inDays(12, 21),
      capacity: 30,
      plannedCostCents: 100_000,
      publish: true,
    };
    const withoutCsrf = await client.api('POST', '/api/activities/activities', { body: activity, csrf: false });
    expect(withoutCsrf.status).toBe(403);
    expect(withoutCsrf.headers.get('content-type')).toContain('application/problem+json');
    const foreignOrigin = await client.api('POST', '/api/activities/activities', { body: activity, headers: { origin: 'https://evil.example' } });
    expect(foreignOrigin.status).toBe(403);

    const created = await client.api('POST', '/api/activities/activities', { body: activity });
    expect(created.status).toBe(201);
    expect(created.headers.get('api-version')).toEqual(expect.any(String));
    const location = created.headers.get('location');
    if (location) {
      expect(location.startsWith('/api/activities/')).toBe(true);
    }
    const read = await client.api('GET', `/api/activities/activities/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.title.nl).toBe('Democratiespel Deventer');
    // A service's no-store on personal data holds through the portal: the attendee list is never cached.
    const attendees = await client.api('GET', `/api/activities/activities/${created.body.id}/registrations`);
    expect([attendees.status, attendees.headers.get('cache-control')]).toEqual([200, 'no-store']);
    expect(read.headers.get('cache-control')).toBeNull();

    const invalid = await client.api('POST', '/api/activities/activities', { body: { ...activity, capacity: -1 } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.invalidParams).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'capacity' })]));

    // The access token lives 33 s and is refreshed 30 s before it ends: a few seconds on, the next call refreshes it.
    const before = (await sessionRecord()).map((record) => record.tokens.accessToken);
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const again = await client.api('GET', `/api/activities/activities/${created.body.id}`);
    expect(again.status).toBe(200);
    const after = (await sessionRecord()).map((record) => record.tokens.accessToken);
    expect(after.some((token) => !before.includes(token))).toBe(true);
  }, 60_000);

  it('lets the partner create an API key that works against activities, list it, and revoke it so that it stops working', async () => {
    const organiser = await system.signedIn('organisator');
    const created = await organiser.api('POST', '/api/activities/activities', {
      body: {
        type: 'guest-lesson',
        title: { nl: 'Gastles Zwolle', en: 'Guest lesson Zwolle' },
        prestatieCode: '7.2.3',
        actionNumber: 2,
        partnerOrganisationIds: [system.partnerOrganisation.organisationId],
        venue: { name: 'Het Stedelijk', municipality: 'Zwolle' },
        locationCategory: 'school',
        startsAt: inDays(14, 9),
        endsAt: inDays(14, 11),
        capacity: 60,
        plannedCostCents: 50_000,
        publish: true,
      },
    });
    expect(created.status).toBe(201);

    const partner = await system.signedIn('partner');
    const session = await partner.session();
    expect(session.body.user).toMatchObject({
      roles: ['partner'],
      organisationId: system.partnerOrganisation.organisationId,
      organisationName: 'ProDemos',
    });
    expect((await partner.api('GET', '/api/identity/organisations')).body).toEqual([
      { id: system.partnerOrganisation.organisationId, name: 'ProDemos' },
    ]);

    const refused = await partner.api('POST', '/api/identity/api-keys', { body: { label: '   ' } });
    expect(refused.status).toBe(400);
    expect(refused.body.invalidParams[0].name).toBe('label');
    expect((await partner.api('POST', '/api/identity/api-keys', { body: { label: 'CRM' }, csrf: false })).status).toBe(403);

    const issued = await partner.api('POST', '/api/identity/api-keys', { body: { label: 'CRM ProDemos' } });
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({ id: expect.any(String), label: 'CRM ProDemos', roles: ['partner'], key: expect.stringMatching(/^dwk_/) });
    const listed = await partner.api('GET', '/api/identity/api-keys');
    expect(listed.body).toEqual([
      expect.objectContaining({ id: issued.body.id, label: 'CRM ProDemos', roles: ['partner'], createdAt: expect.any(String) }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.key);

    const register = () =>
      fetch(`${system.urls.activities}/v1/activities/${created.body.id}/registrations`, {
        method: 'POST',
        headers: { 'x-api-key': issued.body.key, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'group', headcount: 24, contactName: 'Docent', contactEmail: 'docent@school.example', schoolName: 'Het Stedelijk', className: 'havo 4b' }),
      });
    const registered = await waitFor(register, (response) => response.status !== 401, { what: 'the new key to reach activities' });
    expect(registered.status).toBe(201);

    // The organiser is no partner: no keys for it.
    expect((await organiser.api('GET', '/api/identity/api-keys')).status).toBe(403);

    expect((await partner.api('POST', `/api/identity/api-keys/${issued.body.id}/revocation`)).status).toBe(204);
    expect((await partner.api('GET', '/api/identity/api-keys')).body[0].revokedAt).toEqual(expect.any(String));
    const afterRevocation = await waitFor(register, (response) => response.status === 401, { timeoutMs: 5_000, what: 'the revoked key to be refused' });
    expect(afterRevocation.status).toBe(401);
  }, 60_000);

  it('forwards a multipart upload as the browser sent it: a partner’s spreadsheet becomes an import, followed and downloaded through the portal', async () => {
    const organiser = await system.signedIn('organisator');
    const activity = await organiser.api('POST', '/api/activities/activities', {
      body: {
        type: 'guest-lesson',
        title: { nl: 'Gastles Kampen', en: 'Guest lesson Kampen' },
        prestatieCode: '7.2.3',
        actionNumber: 1,
        partnerOrganisationIds: [system.partnerOrganisation.organisationId],
        venue: { name: 'Stadsgehoorzaal', municipality: 'Kampen' },
        locationCategory: 'school',
        startsAt: inDays(15, 9),
        endsAt: inDays(15, 11),
        capacityUnit: 'groups',
        capacity: 10,
        plannedCostCents: 40_000,
        publish: true,
      },
    });
    expect(activity.status).toBe(201);
    const partner = await system.signedIn('partner');
    // Semicolons, quotes, a line break in a cell and non-ASCII: any change on the way would show.
    const sheet = 'Docent;E-mail;School;Klas;Aantal\r\n"Zoë ""Z"" Ünal";zoe@school.example;"Het Baken\r\nKampen";4b;27\r\nJos;geen-adres;Het Baken;4c;25\r\n';
    const form = () => {
      const data = new FormData();
      data.append('file', new Blob([`\uFEFF${sheet}`], { type: 'text/csv' }), 'klassen.csv');
      data.append('mapping', JSON.stringify({ contactName: 'Docent', contactEmail: 'E-mail', schoolName: 'School', className: 'Klas', headcount: 'Aantal' }));
      data.append('activityId', activity.body.id);
      return data;
    };

    expect((await partner.api('POST', '/api/activities/registration-imports', { form: form(), csrf: false })).status).toBe(403);
    const preview = await partner.api('POST', '/api/activities/registration-imports/previews', { form: form() });
    expect(preview.status).toBe(200);
    expect(preview.body.rows[0].cells).toEqual(['Zoë "Z" Ünal', 'zoe@school.example', 'Het Baken\r\nKampen', '4b', '27']);

    const created = await partner.api('POST', '/api/activities/registration-imports', { form: form() });
    expect(created.status).toBe(202);
    expect(created.headers.get('location')).toBe(`/api/activities/registration-imports/${created.body.id}`);
    const done = await waitFor(
      () => partner.api('GET', created.headers.get('location')!),
      (response) => response.body?.status === 'completed',
      { what: 'the import to finish' },
    );
    expect(done.body.summary).toEqual({ accepted: 1, waitlisted: 0, duplicate: 0, rejected: 1 });
    const results = await partner.api('GET', `/api/activities/registration-imports/${created.body.id}/results`);
    expect(results.status).toBe(200);
    expect(results.headers.get('content-disposition')).toMatch(/^attachment; filename=/);
    expect(results.body).toContain('3,rejected,,,contactEmail,contactEmail must be an e-mail address');

    const tooBig = new FormData();
    tooBig.append('file', new Blob([new Uint8Array(9 * 1024 * 1024).fill(65)]), 'groot.csv');
    const refused = await partner.api('POST', '/api/activities/registration-imports', { form: tooBig });
    expect(refused.status).toBe(413);
    expect(refused.body.invalidParams).toEqual([expect.objectContaining({ name: 'file' })]);
  }, 60_000);

  it('signs out: the portal session ends, the cookie goes, and the provider ends its session too', async () => {
    const client = await system.signedIn('rapporteur');
    const cookie = client.cookie(system.urls.portal, 'deelwijs_session')!;
    expect((await client.api('POST', '/auth/logout', { csrf: false })).status).toBe(403);

    const out = await client.api('POST', '/auth/logout');
    expect(out.status).toBe(200);
    const logoutUrl = new URL(out.body.logoutUrl);
    expect(logoutUrl.origin).toBe(system.urls.provider);
    expect(logoutUrl.searchParams.get('id_token_hint')).toEqual(expect.any(String));
    expect(client.cookie(system.urls.portal, 'deelwijs_session')).toBeUndefined();
    expect((await client.session()).body.type).toMatch(/not-signed-in$/);

    // The old cookie, kept by someone, is worth nothing now: the app is told the session expired.
    const replay = await fetch(`${system.urls.portal}/api/activities/activities`, { headers: { cookie: `deelwijs_session=${cookie}` } });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { type: string }).type).toMatch(/session-expired$/);

    // At the provider: confirm the sign-out, then a new sign-in asks for the password again.
    const confirm = await client.follow(logoutUrl.href);
    const page = await confirm.response.text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1];
    const action = /id="op\.logoutForm"[^>]*action="([^"]+)"|action="([^"]+)"[^>]*id="op\.logoutForm"/.exec(page);
    expect(xsrf).toBeDefined();
    const done = await client.follow(new URL((action?.[1] ?? action?.[2])!, confirm.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }).toString(),
    });
    expect(done.url).toBe(`${system.urls.portal}/`);
    const again = await client.follow('/auth/login');
    expect(again.url.startsWith(`${system.urls.provider}/interaction/`)).toBe(true);
  }, 60_000);
});
