import IORedis from 'ioredis';
import { PortalHttpClient, PortalSystem, TEST_REDIS, waitFor } from '@deelwijs/testing';

const BOARD = '/admin/queues';

/**
 * The queue dashboard (Bull Board) as a real portal serves it, in front of the three real
 * services and the embedded OpenID provider, signed in through the provider's form.
 */
describe('queue dashboard at /admin/queues (a real portal, provider, services and Redis)', () => {
  let system: PortalSystem;
  let redis: IORedis;
  let admin: PortalHttpClient;

  beforeAll(async () => {
    system = await PortalSystem.start({ label: 'queue-board' });
    redis = new IORedis(TEST_REDIS);
    admin = new PortalHttpClient(system.urls.portal);
    await admin.signIn('beheerder', system.password);
  }, 180_000);

  afterAll(async () => {
    redis?.disconnect();
    await system?.stop();
  }, 60_000);

  async function boardQueues(client: PortalHttpClient): Promise<Array<{ name: string; isPaused: boolean }>> {
    const response = await client.fetch(`${BOARD}/api/queues`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { queues: Array<{ name: string; isPaused: boolean }> }).queues;
  }

  /** The queues the services' workers run on, as Redis holds them (each worker's stalled-job check writes a key). */
  async function queuesWithWorkers(): Promise<Set<string>> {
    const pattern = new RegExp(`^deelwijs:(${system.namespace}-(?:activities|knowledge|reporting)-[^:]+):stalled-check$`);
    const keys = await redis.keys(`deelwijs:${system.namespace}-*:stalled-check`);
    return new Set(keys.map((key) => pattern.exec(key)?.[1]).filter((name): name is string => name !== undefined));
  }

  it('shows an administrator the board, listing every queue the services work on, under its own content security policy', async () => {
    const page = await admin.fetch(BOARD, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain(`<base href="${BOARD}/"`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    // Its script loads from under its own path.
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect((await admin.fetch(`${BOARD}/${script}`)).status).toBe(200);

    const listed = (await boardQueues(admin)).map((queue) => queue.name);
    for (const service of ['activities', 'knowledge', 'reporting']) {
      expect(listed).toContain(`${system.namespace}-${service}-housekeeping`);
    }
    // Every listed queue is one a service works on, and every queue a service works on is listed.
    const working = await waitFor(queuesWithWorkers, (names) => listed.every((name) => names.has(name)), {
      timeoutMs: 30_000,
      what: 'a worker on every listed queue',
    });
    expect([...working].sort()).toEqual([...listed].sort());
  });

  it('sends a visitor without a session to sign-in and back, and answers its API 401', async () => {
    const anonymous = new PortalHttpClient(system.urls.portal);
    const page = await anonymous.fetch(`${BOARD}/queue/x`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe(`/auth/login?returnTo=${encodeURIComponent(`${BOARD}/queue/x`)}`);
    const api = await anonymous.fetch(`${BOARD}/api/queues`);
    expect(api.status).toBe(401);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    const put = await anonymous.fetch(`${BOARD}/api/queues/pause`, { method: 'PUT', headers: { origin: system.urls.portal } });
    expect(put.status).toBe(401);

    // Signing in from there lands on the board.
    const { url, response } = await anonymous.signIn('beheerder', system.password, BOARD);
    expect(url).toBe(`${system.urls.portal}${BOARD}`);
    expect(response.status).toBe(200);
  });

  it('refuses a signed-in person without the admin role with 403, page and API', async () => {
    const organiser = new PortalHttpClient(system.urls.portal);
    await organiser.signIn('organisator', system.password);
    expect((await organiser.session()).body.user.roles).toEqual(['organiser']);
    const page = await organiser.fetch(BOARD, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(403);
    expect(await page.text()).toContain('Geen toegang');
    const api = await organiser.fetch(`${BOARD}/api/queues`);
    expect(api.status).toBe(403);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    const put = await organiser.fetch(`${BOARD}/api/queues/pause`, { method: 'PUT', headers: { origin: system.urls.portal } });
    expect(put.status).toBe(403);
  });

  it('refuses an administrator\'s state-changing call from another site or without an Origin, and changes nothing; takes it from the portal\'s own page', async () => {
    const queue = `${system.namespace}-reporting-housekeeping`;
    const counts = async () => (await redis.zcard(`deelwijs:${queue}:delayed`)) + (await redis.llen(`deelwijs:${queue}:wait`));
    const before = await counts();
    const add = (headers: Record<string, string>) =>
      admin.fetch(`${BOARD}/api/queues/${encodeURIComponent(queue)}/add`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ name: 'from-elsewhere', data: {} }),
      });
    const crossSite = await add({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const withoutOrigin = await add({});
    expect(withoutOrigin.status).toBe(403);
    const pause = (headers: Record<string, string>) =>
      admin.fetch(`${BOARD}/api/queues/${encodeURIComponent(queue)}/pause`, { method: 'PUT', headers });
    expect((await pause({ origin: 'https://evil.example' })).status).toBe(403);
    expect(await counts()).toBe(before);
    expect((await boardQueues(admin)).find((entry) => entry.name === queue)?.isPaused).toBe(false);

    // The board's own page (same origin) may pause and resume.
    expect((await pause({ origin: system.urls.portal })).status).toBe(200);
    expect((await boardQueues(admin)).find((entry) => entry.name === queue)?.isPaused).toBe(true);
    const resume = await admin.fetch(`${BOARD}/api/queues/${encodeURIComponent(queue)}/resume`, { method: 'PUT', headers: { origin: system.urls.portal } });
    expect(resume.status).toBe(200);
    expect((await boardQueues(admin)).find((entry) => entry.name === queue)?.isPaused).toBe(false);
  });
});
