import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode, hrTimeToNanoseconds, W3CTraceContextPropagator, type ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * OpenTelemetry traces, when OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is set: an
 * HTTP request's span, the W3C `traceparent` it leaves in the events it writes (in the
 * envelope, beside the correlation id), and the consumer's span around the transaction that
 * applies each event, in another service, as its child. Exported as OTLP/HTTP JSON, which
 * every collector (and Jaeger, Tempo) takes. Without the setting the API is a no-op.
 */
export const tracer = () => trace.getTracer('deelwijs');

let provider: BasicTracerProvider | undefined;

export function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/$/, '');
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || (base ? `${base}/v1/traces` : undefined);
  if (!endpoint || provider) {
    return false;
  }
  provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [
      new BatchSpanProcessor(new OtlpJsonExporter(endpoint), { scheduledDelayMillis: Number(env.OTEL_BSP_SCHEDULE_DELAY || 5_000) }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return true;
}

/** Sends what is still buffered; at shutdown. */
export async function flushTracing(): Promise<void> {
  await provider?.forceFlush();
}

/** The current span's context as a W3C traceparent, to travel with work that continues elsewhere. */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** Starts a span whose parent is the given traceparent (or headers carrying one), for the caller to end. */
export function startSpan(name: string, kind: SpanKind, parent: Record<string, unknown> | string | undefined, attributes: Attributes = {}) {
  const carrier = typeof parent === 'string' ? { traceparent: parent } : (parent ?? {});
  const parentContext = propagation.extract(ROOT_CONTEXT, carrier);
  const span = tracer().startSpan(name, { kind, attributes }, parentContext);
  return { span, context: trace.setSpan(parentContext, span) };
}

/** Runs `work` in a span (a child of `parent` when given), ending it with the outcome. */
export async function inSpan<T>(
  name: string,
  kind: SpanKind,
  parent: string | undefined,
  attributes: Attributes,
  work: () => Promise<T>,
): Promise<T> {
  const { span, context: spanContext } = startSpan(name, kind, parent, attributes);
  try {
    return await context.with(spanContext, work);
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

/** Runs `done` (a Fastify hook's continuation) inside the span's context. */
export function runInSpan(span: { context: ReturnType<typeof trace.setSpan> }, done: () => void): void {
  context.with(span.context, done);
}

export { SpanKind, SpanStatusCode, type Span };

function attributeList(attributes: Attributes) {
  return Object.entries(attributes).map(([key, value]) => ({
    key,
    value: typeof value === 'number' ? (Number.isInteger(value) ? { intValue: value } : { doubleValue: value }) : typeof value === 'boolean' ? { boolValue: value } : { stringValue: String(value) },
  }));
}

/** OTLP/HTTP with the JSON encoding (ids in hex, times in nanoseconds as strings), over fetch. */
class OtlpJsonExporter implements SpanExporter {
  constructor(private readonly url: string) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const body = {
      resourceSpans: [
        {
          resource: { attributes: attributeList(spans[0]?.resource.attributes as Attributes) },
          scopeSpans: [
            {
              scope: { name: 'deelwijs' },
              spans: spans.map((span) => ({
                traceId: span.spanContext().traceId,
                spanId: span.spanContext().spanId,
                ...(span.parentSpanContext ? { parentSpanId: span.parentSpanContext.spanId } : {}),
                name: span.name,
                // OTLP counts from UNSPECIFIED = 0; the API's kinds from INTERNAL = 0.
                kind: span.kind + 1,
                startTimeUnixNano: String(hrTimeToNanoseconds(span.startTime)),
                endTimeUnixNano: String(hrTimeToNanoseconds(span.endTime)),
                attributes: attributeList(span.attributes),
                status: { code: span.status.code, ...(span.status.message ? { message: span.status.message } : {}) },
              })),
            },
          ],
        },
      ],
    };
    fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
      (response) => done({ code: response.ok ? ExportResultCode.SUCCESS : ExportResultCode.FAILED }),
      (error: Error) => done({ code: ExportResultCode.FAILED, error }),
    );
  }

  async shutdown(): Promise<void> {}
}
