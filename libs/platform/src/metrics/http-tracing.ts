import type { FastifyInstance, FastifyRequest } from 'fastify';
import { runInSpan, SpanKind, SpanStatusCode, startSpan } from '@deelwijs/observability';

type RequestSpan = ReturnType<typeof startSpan>['span'];

/**
 * A server span per request, the child of the caller's `traceparent` when it sends one; what
 * the request does (its transaction, the events it writes) runs inside it. A no-op unless
 * tracing was started (OTEL_EXPORTER_OTLP_ENDPOINT).
 */
export function traceHttp(fastify: FastifyInstance): void {
  const spans = new WeakMap<FastifyRequest, RequestSpan>();
  fastify.addHook('onRequest', (request, _reply, done) => {
    const started = startSpan(request.method, SpanKind.SERVER, request.headers, { 'http.request.method': request.method });
    spans.set(request, started.span);
    runInSpan(started, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const span = spans.get(request);
    if (span) {
      const route = request.routeOptions.url ?? 'unmatched';
      span.updateName(`${request.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': reply.statusCode });
      if (reply.statusCode >= 500) {
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    }
    done();
  });
}
