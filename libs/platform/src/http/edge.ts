import fastifyHelmet from '@fastify/helmet';
import type { FastifyAdapter } from '@nestjs/platform-fastify';
import type { BaseServiceConfig } from '../config/service-config';

/** What an API answer may load and who may frame it: nothing, except a report page's own inline style. */
export const API_CONTENT_SECURITY_POLICY: Record<string, string[]> = {
  'default-src': ["'none'"],
  'style-src': ["'unsafe-inline'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
};

/** A year, subdomains included: what the NLGov rules and the Dutch standard for HTTPS (Forum Standaardisatie) ask. */
const HSTS = 'max-age=31536000; includeSubDomains';

/** Headers a browser may read from a cross-origin answer, beside the CORS-safelisted ones. */
const EXPOSED_HEADERS = [
  'API-Version',
  'X-Correlation-Id',
  'Location',
  'ETag',
  'Content-Disposition',
  'Retry-After',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
];
/** Request headers a cross-origin caller may send: the credentials, the body's type, the retry key, conditions. */
const ALLOWED_HEADERS = ['Authorization', 'X-API-Key', 'Content-Type', 'Accept-Language', 'Idempotency-Key', 'If-Match', 'If-None-Match', 'X-Correlation-Id'];

/** Fastify's `trustProxy` for the TRUST_PROXY setting: false (none), a hop count, or the proxies' addresses and ranges. */
export function trustProxyOption(setting: string): boolean | number | string[] {
  const value = setting.trim();
  if (value === '') {
    return false;
  }
  if (/^\d+$/.test(value)) {
    return Number(value);
  }
  return value.split(',').map((part) => part.trim());
}

/**
 * What every answer of every process carries at the edge: the security headers (helmet:
 * nosniff, frame and referrer policy, a content security policy, cross-origin policies), HSTS
 * when the request came over TLS (directly, or as a trusted proxy's X-Forwarded-Proto says),
 * and CORS for the allowed origins only. Registered on the adapter before Nest adds its routes.
 */
export function applyEdgeConventions(
  adapter: FastifyAdapter,
  config: BaseServiceConfig,
  contentSecurityPolicy: Record<string, string[]> = API_CONTENT_SECURITY_POLICY,
): void {
  void adapter.getInstance().register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy },
    // Set below, only on answers to https: on plain http a browser ignores it, and a development
    // machine's http://localhost must not be pinned to https.
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    // Same site rather than origin: the portal and the services may sit on sibling hosts.
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    if (request.protocol === 'https') {
      void reply.header('strict-transport-security', HSTS);
    }
    done();
  });
  if (config.CORS_ALLOWED_ORIGINS.length > 0) {
    const allowed = new Set(config.CORS_ALLOWED_ORIGINS);
    adapter.enableCors({
      // A function rather than the list: an origin not on it gets no CORS header at all, and its
      // preflight is answered 404 like any unknown route.
      origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ALLOWED_HEADERS,
      exposedHeaders: EXPOSED_HEADERS,
      credentials: false,
      maxAge: 600,
      strictPreflight: false,
    });
  }
}
