import { createServer, type Server } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { EventNamespace } from '@deelwijs/contracts';
import { TRACEPARENT_HEADER } from '@deelwijs/messaging';
import { ServiceProcess, TEST_NATS, TestSystem, waitFor } from '@deelwijs/testing';

interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
}

/** A small OTLP/HTTP (JSON) receiver: what a collector would get. */
class OtlpReceiver {
  readonly spans: ExportedSpan[] = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const message = JSON.parse(body) as {
          resourceSpans: Array<{
            resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
            scopeSpans: Array<{ spans: Array<Omit<ExportedSpan, 'service'>> }>;
          }>;
        };
        for (const resourceSpans of message.resourceSpans) {
          const service = resourceSpans.resource.attributes.find((attribute) => attribute.key === 'service.name')?.value.stringValue ?? '';
          for (const scope of resourceSpans.scopeSpans) {
            this.spans.push(...scope.spans.map((span) => ({ ...span, service })));
          }
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const SERVER = 2;
const CONSUMER = 5;

/**
 * One registration followed by its trace across real processes: the HTTP request's span in
 * activities (a child of the caller's traceparent), and, through the outbox and JetStream (the
 * message's traceparent header), the
 * span of each consumer that applies the event in its transaction, in reporting and in
 * activities itself, all in one trace, each a child of the request that wrote the event.
 */
describe('traces from an HTTP request through the outbox and JetStream into the consumers', () => {
  const system = new TestSystem('tracing');
  const receiver = new OtlpReceiver();
  let activities: ServiceProcess;

  beforeAll(async () => {
    const endpoint = await receiver.start();
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: '100' };
    const [activitiesDb, reportingDb] = await Promise.all([system.database('activities'), system.database('reporting')]);
    [activities] = await Promise.all([system.start('activities', activitiesDb, env), system.start('reporting', reportingDb, env)]);
  }, 90_000);

  afterAll(async () => {
    await system.cleanUp();
    await receiver.stop();
  }, 60_000);

  it('puts the registration, its outbox event and the consumers that apply it in one trace', async () => {
    const created = await activities.request('POST', '/v1/activities', {
      roles: ['organiser'],
      body: {
        type: 'democracy-game',
        title: { nl: `Democratiespel ${randomUUID().slice(0, 8)}` },
        prestatieCode: '7.2.3',
        actionNumber: 1,
        startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 7 * 86_400_000 + 7_200_000).toISOString(),
        capacity: 30,
        publish: true,
      },
    });
    expect(created.status).toBe(201);
    const traceId = randomBytes(16).toString('hex');
    const callerSpan = randomBytes(8).toString('hex');
    const registered = await activities.request('POST', `/v1/activities/${(created.body as { id: string }).id}/registrations`, {
      roles: ['organiser'],
      headers: { traceparent: `00-${traceId}-${callerSpan}-01` },
      body: { kind: 'individual', contactName: 'Anne de Vries', contactEmail: 'anne-trace@example.org' },
    });
    expect(registered.status).toBe(201);

    const subject = 'activities.registration.accepted.v1';
    const spans = await waitFor(
      async () => receiver.spans.filter((span) => span.traceId === traceId),
      (found) => ['reporting', 'activities'].every((service) => found.some((span) => span.service === service && span.kind === CONSUMER && span.name === `process ${subject}`)),
      { what: 'the consumers\' spans of the registration in its trace', timeoutMs: 30_000 },
    );
    const request = spans.find((span) => span.service === 'activities' && span.kind === SERVER);
    expect(request).toMatchObject({ name: 'POST /v1/activities/:activityId/registrations', parentSpanId: callerSpan });
    // On the wire: the message on JetStream carries the request's trace context as a header.
    const nc = await connect({ servers: TEST_NATS });
    try {
      const ns = new EventNamespace(system.namespace);
      const stored = await (await jetstreamManager(nc)).streams.getMessage(ns.stream('ACTIVITIES'), { last_by_subj: ns.subject(subject) });
      expect(stored?.header.get(TRACEPARENT_HEADER)).toBe(`00-${traceId}-${request!.spanId}-01`);
    } finally {
      await nc.close();
    }
    for (const service of ['reporting', 'activities']) {
      const consumer = spans.find((span) => span.service === service && span.kind === CONSUMER && span.name === `process ${subject}`);
      expect({ service, parent: consumer?.parentSpanId }).toEqual({ service, parent: request!.spanId });
    }
  }, 60_000);
});
