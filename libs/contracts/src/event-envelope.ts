import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * What travels on the wire for every event. The payload is checked separately against the
 * schema of the event's own contract, so a consumer can tell "not an event at all" from
 * "an event whose facts do not fit its version".
 */
export const EventEnvelopeSchema = z.object({
  eventId: z.uuid(),
  subject: z
    .string()
    .regex(
      /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+\.v[0-9]+$/,
      'a versioned subject such as activities.activity.scheduled.v1',
    ),
  occurredAt: z.iso.datetime({ offset: true }),
  producer: z.string().min(1),
  correlationId: z.string().min(1).max(200),
  /** W3C trace context of the work that wrote the event (optional; only when tracing is on). */
  traceparent: z
    .string()
    .regex(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/)
    .optional(),
  payload: z.unknown(),
});

export type EventEnvelope<P = unknown> = Omit<z.infer<typeof EventEnvelopeSchema>, 'payload'> & {
  payload: P;
};

export interface EnvelopeOptions {
  producer: string;
  correlationId?: string;
  traceparent?: string;
  eventId?: string;
  occurredAt?: Date;
}

export function createEnvelope<P>(subject: string, payload: P, options: EnvelopeOptions): EventEnvelope<P> {
  return {
    eventId: options.eventId ?? randomUUID(),
    subject,
    occurredAt: (options.occurredAt ?? new Date()).toISOString(),
    producer: options.producer,
    correlationId: options.correlationId ?? randomUUID(),
    ...(options.traceparent ? { traceparent: options.traceparent } : {}),
    payload,
  };
}
