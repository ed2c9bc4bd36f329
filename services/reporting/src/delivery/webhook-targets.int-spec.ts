import { readFileSync } from 'node:fs';
import { loadConfig } from '@deelwijs/platform';
import { InProcessService, TEST_IDENTITY_PUBLIC_KEY, TEST_JWT_SECRET, WebhookReceiver } from '@deelwijs/testing';
import { ReportingConfig } from '../config/reporting.config';
import { seedProgrammeFile } from '../programmes/seed-programme';
import { reportingService } from '../reporting.service-definition';
import { RefusedWebhookTarget, WebhookTargets } from './webhook-targets';

/**
 * Webhooks reach the public internet only, unless allow-listed: at subscription (the reporting
 * service in-process, real PostgreSQL, NATS, Redis, DNS) and at delivery, where the check is in
 * the connection's own lookup (against a real receiver on this machine).
 */
describe('webhook targets', () => {
  const hooks = new WebhookReceiver();
  let reporting: InProcessService<ReportingConfig>;
  const CODE = 'overijssel-2026';

  beforeAll(async () => {
    await hooks.start();
    // Plain http allowed, so that only the address decides; nothing allow-listed.
    reporting = await InProcessService.start(reportingService, 'reporting_hooks', { DELIVERY_ALLOW_HTTP: 'true' });
    const imported = await reporting.request('PUT', `/v1/programmes/${CODE}`, {
      roles: ['admin'],
      raw: readFileSync(seedProgrammeFile()),
      contentType: 'application/yaml',
    });
    expect(imported.status).toBeLessThan(300);
  }, 60_000);

  afterAll(async () => {
    await reporting?.close();
    await hooks.stop();
  });

  const subscribe = (target: string) =>
    reporting.request('POST', '/v1/subscriptions', { roles: ['admin'], body: { programmeCode: CODE, channel: 'webhook', target } });

  it.each([
    ['loopback', 'https://127.0.0.1/hook'],
    ['loopback elsewhere in 127/8', 'http://127.1.2.3:8080/hook'],
    ['loopback as a decimal number', 'http://2130706433/hook'],
    ['IPv6 loopback', 'https://[::1]/hook'],
    ['IPv4-mapped IPv6 loopback', 'https://[::ffff:127.0.0.1]/hook'],
    ['the unspecified address', 'http://0.0.0.0:3003/hook'],
    ['the cloud metadata service', 'http://169.254.169.254/latest/meta-data/'],
    ['the metadata service, IPv4-mapped', 'http://[::ffff:a9fe:a9fe]/latest/meta-data/'],
    ['a private network', 'https://10.0.0.5/hook'],
    ['a private network', 'https://192.168.1.10/hook'],
    ['a private network', 'https://172.20.0.2/hook'],
    ['carrier-grade NAT', 'https://100.64.0.1/hook'],
    ['IPv6 link-local', 'https://[fe80::1]/hook'],
    ['an IPv6 unique local address', 'https://[fd12:3456::1]/hook'],
    ['a name that resolves to loopback', 'https://localhost/hook'],
    ['a name that resolves to loopback', 'https://LOCALHOST:8443/hook'],
  ])('refuses %s (%s) with 422 naming target, storing nothing', async (_kind, target) => {
    const refused = await subscribe(target);
    expect({ status: refused.status, type: refused.headers['content-type'] }).toEqual({
      status: 422,
      type: expect.stringContaining('application/problem+json'),
    });
    expect(refused.body.invalidParams).toEqual([{ name: 'target', reason: expect.stringMatching(/must be a public address/) }]);
    expect(await reporting.query(`SELECT target FROM report_subscriptions`)).toEqual([]);
  });

  it('refuses a name that does not resolve, and accepts a public address', async () => {
    const unknown = await subscribe('https://no-such-host.invalid/hook');
    expect(unknown.status).toBe(422);
    expect(unknown.body.invalidParams).toEqual([{ name: 'target', reason: 'must name a host that resolves: no-such-host.invalid does not' }]);
    expect((await subscribe('https://192.0.32.10/hook')).status).toBe(201);
    await reporting.query(`DELETE FROM report_subscriptions`);
  });

  describe('at delivery, in the lookup of the connection itself', () => {
    const config = (allowed: string) =>
      loadConfig(ReportingConfig, { PORT: '1', DATABASE_URL: 'postgres://127.0.0.1/unused', AUTH_JWT_SECRET: TEST_JWT_SECRET, IDENTITY_SIGNING_PUBLIC_KEY: TEST_IDENTITY_PUBLIC_KEY, WEBHOOK_ALLOWED_HOSTS: allowed });
    const post = (targets: WebhookTargets, url: string) => targets.post(url, { 'content-type': 'application/json' }, '{"probe":true}', 5_000);

    it('refuses a name that resolves to a non-public address, and a literal one, sending nothing', async () => {
      const targets = new WebhookTargets(config(''));
      // What DNS rebinding looks like from here: the name was fine once, now it resolves to loopback.
      await expect(post(targets, `http://localhost:${hooks.port}/rebound`)).rejects.toThrow(
        new RefusedWebhookTarget('webhook target refused: localhost resolves to 127.0.0.1, not a public address'),
      );
      await expect(post(targets, `http://[::ffff:127.0.0.1]:${hooks.port}/literal`)).rejects.toThrow(RefusedWebhookTarget);
      expect(hooks.requests.map((request) => request.path)).toEqual([]);
    });

    it('delivers to a host allow-listed by address range or by name', async () => {
      expect(await post(new WebhookTargets(config('127.0.0.0/8')), `http://localhost:${hooks.port}/by-range`)).toBe(200);
      expect(await post(new WebhookTargets(config('127.0.0.1')), hooks.url('/by-address'))).toBe(200);
      expect(await post(new WebhookTargets(config('localhost')), `http://localhost:${hooks.port}/by-name`)).toBe(200);
      hooks.failNext(1, '/failing', 503);
      expect(await post(new WebhookTargets(config('127.0.0.1')), hooks.url('/failing'))).toBe(503);
      expect(hooks.requests.map((request) => [request.path, request.body])).toEqual([
        ['/by-range', '{"probe":true}'],
        ['/by-address', '{"probe":true}'],
        ['/by-name', '{"probe":true}'],
        ['/failing', '{"probe":true}'],
      ]);
    });
  });
});
