import { Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { Histogram } from 'prom-client';

/** Rate (its count), errors (by status) and duration, per route template: /v1/activities/:id, not each id. */
export const httpRequestDuration = new Histogram({
  name: 'deelwijs_http_request_duration_seconds',
  help: 'HTTP requests by method, route template and status, with their duration',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

export type RequestLogLevel = 'info' | 'debug' | 'off';

/**
 * Measures every answer, and logs one line per request with its correlation id (the onRequest
 * hook has put it in the Correlation context): method, route, status and duration, never the
 * query string or a header, which may carry personal data or credentials. 5xx answers are
 * logged at warn whatever the level.
 */
export function instrumentHttp(fastify: FastifyInstance, logLevel: RequestLogLevel): void {
  const logger = new Logger('Http');
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    httpRequestDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, seconds);
    const entry = { msg: 'request', method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (reply.statusCode >= 500) {
      logger.warn(entry);
    } else if (logLevel === 'info') {
      logger.log(entry);
    } else if (logLevel === 'debug') {
      logger.debug(entry);
    }
    done();
  });
}
