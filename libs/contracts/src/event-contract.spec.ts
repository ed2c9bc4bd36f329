import { z } from 'zod';
import { ContractViolation, defineEvent, describeIssues, parsePayload } from './event-contract';
import { STREAMS } from './streams';

const schema = z.object({
  thingId: z.uuid(),
  details: z.object({ count: z.number().int() }),
});

describe('defineEvent', () => {
  it('accepts a versioned subject that starts with its stream prefix and returns a frozen contract', () => {
    const contract = defineEvent({
      subject: 'activities.thing.happened.v2',
      stream: STREAMS.ACTIVITIES,
      schema,
      description: 'test',
    });

    expect(contract.subject).toBe('activities.thing.happened.v2');
    expect(contract.stream).toBe('ACTIVITIES');
    expect(contract.schema).toBe(schema);
    expect(Object.isFrozen(contract)).toBe(true);
  });

  it.each([
    'activities.thing.happened',
    'activities.thing.happened.v',
    'activities.thing.happened.version1',
    'activities.thing.v1.happened',
  ])('rejects the subject %s because it does not end in a version', (subject) => {
    expect(() => defineEvent({ subject, stream: STREAMS.ACTIVITIES, schema, description: 'test' })).toThrow(
      /must end in a version/,
    );
  });

  it('rejects a subject that does not start with the prefix of its stream', () => {
    expect(() =>
      defineEvent({
        subject: 'knowledge.thing.happened.v1',
        stream: STREAMS.ACTIVITIES,
        schema,
        description: 'test',
      }),
    ).toThrow(/must start with its stream's prefix activities\./);
  });

  it('rejects a subject that only shares the first letters of the stream name', () => {
    // "activitiesx." is not "activities." followed by more tokens.
    expect(() =>
      defineEvent({
        subject: 'activitiesx.thing.happened.v1',
        stream: STREAMS.ACTIVITIES,
        schema,
        description: 'test',
      }),
    ).toThrow(/prefix/);
  });
});

describe('parsePayload', () => {
  const contract = defineEvent({
    subject: 'activities.thing.happened.v1',
    stream: STREAMS.ACTIVITIES,
    schema,
    description: 'test',
  });

  it('returns the parsed payload when it fits the contract', () => {
    const payload = { thingId: '0b5a3c2e-6f7d-4e8a-9b1c-2d3e4f5a6b7c', details: { count: 3 } };

    expect(parsePayload(contract, payload)).toEqual(payload);
  });

  it('strips fields the contract does not declare', () => {
    const payload = { thingId: '0b5a3c2e-6f7d-4e8a-9b1c-2d3e4f5a6b7c', details: { count: 3 }, extra: 'x' };

    expect(parsePayload(contract, payload)).not.toHaveProperty('extra');
  });

  it('throws a ContractViolation naming the subject and the dotted path of the nested field', () => {
    const payload = { thingId: '0b5a3c2e-6f7d-4e8a-9b1c-2d3e4f5a6b7c', details: { count: 'three' } };

    let caught: unknown;
    try {
      parsePayload(contract, payload);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(ContractViolation);
    const violation = caught as ContractViolation;
    expect(violation.name).toBe('ContractViolation');
    expect(violation.subject).toBe('activities.thing.happened.v1');
    expect(violation.details).toMatch(/^details\.count: /);
    expect(violation.message).toContain('payload does not match activities.thing.happened.v1');
    expect(violation.message).toContain('details.count');
  });

  it('names every offending field, not only the first', () => {
    expect(() => parsePayload(contract, { thingId: 'not-a-uuid', details: {} })).toThrow(
      /thingId: .*; details\.count: /,
    );
  });

  it('reports a payload that is not an object at all as a problem at the root', () => {
    expect(() => parsePayload(contract, 'just a string')).toThrow(/\(root\): /);
  });
});

describe('describeIssues', () => {
  it('joins issues as "path: message" separated by semicolons', () => {
    const result = z.object({ a: z.string(), b: z.array(z.number()) }).safeParse({ a: 1, b: [1, 'x'] });
    if (result.success) {
      throw new Error('expected the parse to fail');
    }

    const parts = describeIssues(result.error).split('; ');

    expect(parts).toHaveLength(2);
    expect(parts[0]).toMatch(/^a: /);
    expect(parts[1]).toMatch(/^b\.1: /);
  });
});
