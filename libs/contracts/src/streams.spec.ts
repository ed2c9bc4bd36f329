import { DEAD_LETTER_STREAM, EventNamespace, STREAMS } from './streams';

describe('EventNamespace without a prefix (production)', () => {
  const namespace = new EventNamespace();

  it('leaves subjects and stream names untouched', () => {
    expect(namespace.prefix).toBe('');
    expect(namespace.subject('activities.activity.scheduled.v1')).toBe('activities.activity.scheduled.v1');
    expect(namespace.stream(STREAMS.ACTIVITIES)).toBe('ACTIVITIES');
  });

  it('maps every wire subject back to itself', () => {
    expect(namespace.contractSubject('identity.api-key.issued.v1')).toBe('identity.api-key.issued.v1');
  });

  it('captures all subjects of a stream with a lower-case wildcard', () => {
    expect(namespace.streamSubjects(STREAMS.IDENTITY)).toEqual(['identity.>']);
  });

  it('puts dead letters under the dead-letter stream, the consumer and the original subject', () => {
    expect(namespace.deadLetterSubject('reporting', 'activities.activity.scheduled.v1')).toBe(
      'deadletter.reporting.activities.activity.scheduled.v1',
    );
    expect(
      namespace.deadLetterSubject('reporting', 'x.y.v1').startsWith(`${DEAD_LETTER_STREAM.toLowerCase()}.`),
    ).toBe(true);
  });
});

describe('EventNamespace with a prefix (test runs, tenants)', () => {
  const namespace = new EventNamespace('run_42-a');

  it('prefixes subjects with a dot and streams with an underscore', () => {
    expect(namespace.subject('activities.activity.scheduled.v1')).toBe(
      'run_42-a.activities.activity.scheduled.v1',
    );
    expect(namespace.stream(STREAMS.ACTIVITIES)).toBe('run_42-a_ACTIVITIES');
    expect(namespace.stream(DEAD_LETTER_STREAM)).toBe('run_42-a_DEADLETTER');
  });

  it('captures the stream subjects inside the namespace only', () => {
    expect(namespace.streamSubjects(STREAMS.KNOWLEDGE)).toEqual(['run_42-a.knowledge.>']);
  });

  it('strips its own prefix from a wire subject (the inverse of subject())', () => {
    const contractSubject = 'identity.api-key.revoked.v1';

    expect(namespace.contractSubject(namespace.subject(contractSubject))).toBe(contractSubject);
  });

  it('does not claim subjects of another namespace or without a namespace', () => {
    expect(namespace.contractSubject('other.identity.api-key.revoked.v1')).toBeUndefined();
    expect(namespace.contractSubject('identity.api-key.revoked.v1')).toBeUndefined();
    // Sharing the first characters is not enough: the prefix must be followed by a dot.
    expect(namespace.contractSubject('run_42-ab.identity.api-key.revoked.v1')).toBeUndefined();
  });

  it('prefixes dead-letter subjects too', () => {
    expect(namespace.deadLetterSubject('knowledge', 'activities.activity.scheduled.v1')).toBe(
      'run_42-a.deadletter.knowledge.activities.activity.scheduled.v1',
    );
  });
});

describe('EventNamespace prefix validation', () => {
  it.each(['has.dot', 'has space', 'wild*', 'gt>', '-leading-dash', '_leading_underscore', 'slash/'])(
    'rejects the prefix "%s"',
    (prefix) => {
      expect(() => new EventNamespace(prefix)).toThrow(/may hold letters, digits, - and _ only/);
    },
  );

  it.each(['a', 'Run1', 'e2e_1234', 'tenant-7'])('accepts the prefix "%s"', (prefix) => {
    expect(new EventNamespace(prefix).prefix).toBe(prefix);
  });
});
