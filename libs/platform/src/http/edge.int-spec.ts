import { Controller, Get, Ip, Req } from '@nestjs/common';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { Public, Roles } from '@deelwijs/identity';
import { JsonLogger } from '@deelwijs/observability';
import {
  createTestDatabase,
  deleteNamespaceQueues,
  deleteNamespaceStreams,
  staffToken,
  TEST_IDENTITY_PUBLIC_KEY,
  TEST_JWT_SECRET,
  TEST_NATS,
  TEST_REDIS,
  uniqueName,
} from '@deelwijs/testing';
import { createServiceApp, type ServiceDefinition } from '../bootstrap';
import { loadConfig, ServiceConfig } from '../config/service-config';
import { PersonalData } from './personal-data';

@Controller('v1/probe')
class ProbeController {
  /** Who the service takes the caller to be, as the rate limit sees it. */
  @Get('caller')
  @Public()
  caller(@Ip() ip: string, @Req() request: FastifyRequest) {
    return { ip, protocol: request.protocol };
  }

  @Get('registrants')
  @Roles('organiser')
  @PersonalData()
  registrants() {
    return { items: [{ contactName: 'Anna de Vries', contactEmail: 'anna@example.nl' }] };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

const definition: ServiceDefinition = {
  name: 'probe',
  title: 'probe',
  description: 'probe',
  configClass: ServiceConfig,
  defaults: {},
  entities: [],
  migrations: [],
  modules: () => [ProbeModule],
};

/**
 * A service app as the platform builds it, listening on a real port, asked over real HTTP (the
 * address a request comes from, and the headers on the wire, are what this is about).
 */
describe('the edge of every service: proxies, CORS, security headers, no-store (real PostgreSQL, NATS, Redis)', () => {
  const started: Array<{ app: NestFastifyApplication; namespace: string; drop: () => Promise<void> }> = [];

  async function start(label: string, env: Record<string, string>): Promise<string> {
    const namespace = uniqueName(label);
    const database = await createTestDatabase(label);
    const config = loadConfig(ServiceConfig, {
      PORT: '1',
      DATABASE_URL: database.url,
      NATS_URL: TEST_NATS,
      REDIS_URL: TEST_REDIS,
      EVENTS_NAMESPACE: namespace,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      IDENTITY_SIGNING_PUBLIC_KEY: TEST_IDENTITY_PUBLIC_KEY,
      ...env,
    });
    const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
    const app = await createServiceApp(definition, config, new JsonLogger({ service: 'probe', level: 'fatal', destination: quiet }));
    started.push({ app, namespace, drop: database.drop });
    await app.listen(0, '127.0.0.1');
    return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  }

  let plain: string;
  let behindProxy: string;

  beforeAll(async () => {
    // The test's requests come from 127.0.0.1: for the second service that is its trusted proxy.
    plain = await start('edge_plain', { RATE_LIMIT_ANONYMOUS_PER_MINUTE: '2' });
    behindProxy = await start('edge_proxy', {
      TRUST_PROXY: '127.0.0.1/32',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '2',
      CORS_ALLOWED_ORIGINS: 'https://portal.provincie.example,http://localhost:5173',
    });
  }, 60_000);

  afterAll(async () => {
    for (const { app, namespace, drop } of started) {
      await app.close();
      await deleteNamespaceStreams(namespace);
      await deleteNamespaceQueues(namespace);
      await drop();
    }
  });

  const forwarded = (client: string, proto = 'http') => ({ 'x-forwarded-for': client, 'x-forwarded-proto': proto });

  it('carries the security headers on every answer, errors included, and HSTS only over TLS', async () => {
    for (const url of [`${plain}/v1/probe/caller`, `${plain}/v1/nothing-here`, `${plain}/health`]) {
      const response = await fetch(url);
      expect({
        nosniff: response.headers.get('x-content-type-options'),
        frame: response.headers.get('x-frame-options'),
        referrer: response.headers.get('referrer-policy'),
        csp: response.headers.get('content-security-policy'),
        hsts: response.headers.get('strict-transport-security'),
      }).toEqual({
        nosniff: 'nosniff',
        frame: 'DENY',
        referrer: 'no-referrer',
        csp: expect.stringContaining("frame-ancestors 'none'"),
        hsts: null,
      });
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
    // The proxy terminated TLS and says so: HSTS. Nobody is believed who is not the proxy.
    const viaProxy = await fetch(`${behindProxy}/v1/probe/caller`, { headers: forwarded('203.0.113.5', 'https') });
    expect(await viaProxy.json()).toEqual({ ip: '203.0.113.5', protocol: 'https' });
    expect(viaProxy.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    const spoofed = await fetch(`${plain}/v1/probe/caller`, { headers: forwarded('203.0.113.5', 'https') });
    expect(await spoofed.json()).toEqual({ ip: '127.0.0.1', protocol: 'http' });
    expect(spoofed.headers.get('strict-transport-security')).toBeNull();
  });

  it('keys the anonymous rate limit on the client the trusted proxy names, and on the connection without one', async () => {
    const status = async (base: string, client: string) =>
      (await fetch(`${base}/v1/probe/caller`, { headers: forwarded(client) })).status;
    // Behind the proxy each client the proxy names has a budget of two of its own.
    expect([await status(behindProxy, '198.51.100.1'), await status(behindProxy, '198.51.100.1'), await status(behindProxy, '198.51.100.1')]).toEqual([
      200, 200, 429,
    ]);
    expect(await status(behindProxy, '198.51.100.2')).toBe(200);
    // Without a trusted proxy the header is only the client's word: all share the connection's
    // budget, which the first test spent.
    expect(await status(plain, '198.51.100.3')).toBe(429);
    expect(await status(plain, '198.51.100.4')).toBe(429);
  });

  it('answers CORS to the allowed origins only, and not at all when none are configured', async () => {
    const preflight = (base: string, origin: string) =>
      fetch(`${base}/v1/probe/registrants`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization', ...forwarded('198.51.100.20') },
      });
    const allowed = await preflight(behindProxy, 'https://portal.provincie.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://portal.provincie.example');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(allowed.headers.get('access-control-allow-methods')).toContain('PATCH');

    const token = staffToken(['organiser']);
    const read = await fetch(`${behindProxy}/v1/probe/registrants`, {
      headers: { origin: 'http://localhost:5173', authorization: `Bearer ${token}`, ...forwarded('198.51.100.21') },
    });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(read.headers.get('access-control-expose-headers')).toContain('X-Correlation-Id');
    expect(read.headers.get('vary')).toContain('Origin');

    for (const [base, origin] of [
      [behindProxy, 'https://evil.example'],
      [behindProxy, 'https://portal.provincie.example.evil.example'],
      [plain, 'https://portal.provincie.example'],
    ]) {
      const refused = await preflight(base, origin);
      expect(refused.status).toBe(404);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      expect(refused.headers.get('access-control-allow-methods')).toBeNull();
    }
    const crossRead = await fetch(`${behindProxy}/v1/probe/registrants`, {
      headers: { origin: 'https://evil.example', authorization: `Bearer ${token}`, ...forwarded('198.51.100.22') },
    });
    expect(crossRead.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends Cache-Control: no-store on an answer declared @PersonalData(), and not on others', async () => {
    const personal = await fetch(`${behindProxy}/v1/probe/registrants`, {
      headers: { authorization: `Bearer ${staffToken(['organiser'])}`, ...forwarded('198.51.100.30') },
    });
    expect(personal.status).toBe(200);
    expect(personal.headers.get('cache-control')).toBe('no-store');
    const other = await fetch(`${behindProxy}/v1/probe/caller`, { headers: forwarded('198.51.100.31') });
    expect(other.headers.get('cache-control')).toBeNull();
  });
});
