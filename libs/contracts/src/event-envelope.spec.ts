import { createEnvelope, EventEnvelopeSchema } from './event-envelope';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function validEnvelope(): Record<string, unknown> {
  return createEnvelope('activities.activity.scheduled.v1', { activityId: 'a' }, { producer: 'activities' });
}

function rejectedPaths(candidate: unknown): string[] {
  const result = EventEnvelopeSchema.safeParse(candidate);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('createEnvelope', () => {
  it('builds an envelope that passes EventEnvelopeSchema', () => {
    const envelope = validEnvelope();

    expect(EventEnvelopeSchema.safeParse(envelope).success).toBe(true);
  });

  it('generates a fresh event id and correlation id when none are given', () => {
    const first = createEnvelope('activities.activity.scheduled.v1', {}, { producer: 'activities' });
    const second = createEnvelope('activities.activity.scheduled.v1', {}, { producer: 'activities' });

    expect(first.eventId).toMatch(UUID_PATTERN);
    expect(first.correlationId).toMatch(UUID_PATTERN);
    expect(first.eventId).not.toBe(second.eventId);
    expect(first.correlationId).not.toBe(second.correlationId);
  });

  it('keeps the ids, time, producer and payload it is given', () => {
    const occurredAt = new Date('2025-03-04T05:06:07.089Z');
    const payload = { activityId: 'x', nested: { n: 1 } };

    const envelope = createEnvelope('identity.api-key.revoked.v1', payload, {
      producer: 'identity',
      correlationId: 'request-42',
      eventId: '6f1c0a3e-2b4d-4c5e-8f9a-0b1c2d3e4f5a',
      occurredAt,
    });

    expect(envelope).toEqual({
      eventId: '6f1c0a3e-2b4d-4c5e-8f9a-0b1c2d3e4f5a',
      subject: 'identity.api-key.revoked.v1',
      occurredAt: '2025-03-04T05:06:07.089Z',
      producer: 'identity',
      correlationId: 'request-42',
      payload,
    });
  });
});

describe('EventEnvelopeSchema', () => {
  it('accepts a timestamp with an explicit offset', () => {
    expect(rejectedPaths({ ...validEnvelope(), occurredAt: '2025-03-04T07:06:07+02:00' })).toEqual([]);
  });

  it('rejects an event id that is not a uuid', () => {
    expect(rejectedPaths({ ...validEnvelope(), eventId: 'not-a-uuid' })).toEqual(['eventId']);
  });

  it.each([
    ['has no version', 'activities.activity.scheduled'],
    ['names only a stream and a version', 'activities.v1'],
    ['contains upper case', 'Activities.activity.scheduled.v1'],
    ['contains a wildcard', 'activities.*.scheduled.v1'],
    ['has an empty token', 'activities..scheduled.v1'],
  ])('rejects a subject that %s', (_reason, subject) => {
    expect(rejectedPaths({ ...validEnvelope(), subject })).toEqual(['subject']);
  });

  it('rejects a missing producer, an empty correlation id and one longer than 200 characters', () => {
    const withoutProducer = validEnvelope();
    delete withoutProducer.producer;

    expect(rejectedPaths(withoutProducer)).toEqual(['producer']);
    expect(rejectedPaths({ ...validEnvelope(), correlationId: '' })).toEqual(['correlationId']);
    expect(rejectedPaths({ ...validEnvelope(), correlationId: 'x'.repeat(201) })).toEqual(['correlationId']);
    expect(rejectedPaths({ ...validEnvelope(), correlationId: 'x'.repeat(200) })).toEqual([]);
  });

  it('takes an optional W3C traceparent, and only a well-formed one', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(rejectedPaths(validEnvelope())).toEqual([]);
    expect(rejectedPaths({ ...validEnvelope(), traceparent })).toEqual([]);
    expect(rejectedPaths({ ...validEnvelope(), traceparent: 'not-a-trace' })).toEqual(['traceparent']);
    expect(EventEnvelopeSchema.parse({ ...validEnvelope(), traceparent }).traceparent).toBe(traceparent);
  });

  it('rejects a time that is not an ISO date-time', () => {
    expect(rejectedPaths({ ...validEnvelope(), occurredAt: 'yesterday' })).toEqual(['occurredAt']);
  });

  it("does not check the payload itself: that is the contract schema's job", () => {
    expect(rejectedPaths({ ...validEnvelope(), payload: 'anything at all' })).toEqual([]);
  });
});
