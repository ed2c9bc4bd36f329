export const CORRELATION_HEADER = 'Deelwijs-Correlation-Id';
export const DEAD_LETTER_HEADERS = {
  reason: 'Deelwijs-Dead-Letter-Reason',
  consumer: 'Deelwijs-Dead-Letter-Consumer',
  originalSubject: 'Deelwijs-Original-Subject',
  originalSequence: 'Deelwijs-Original-Sequence',
  deliveries: 'Deelwijs-Deliveries',
} as const;
/** W3C trace context, as OpenTelemetry propagates it; the envelope carries the same value. */
export const TRACEPARENT_HEADER = 'traceparent';
