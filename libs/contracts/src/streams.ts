/**
 * Streams are part of the public contract between services: renaming one needs a migration
 * plan. Each producing bounded context owns one stream; every event subject starts with the
 * stream's name in lower case.
 */
export const STREAMS = {
  ACTIVITIES: 'ACTIVITIES',
  KNOWLEDGE: 'KNOWLEDGE',
  REPORTING: 'REPORTING',
  IDENTITY: 'IDENTITY',
} as const;

export type StreamName = (typeof STREAMS)[keyof typeof STREAMS];

/** Where messages that could not be handled end up, with the reason in a header. */
export const DEAD_LETTER_STREAM = 'DEADLETTER';

/**
 * A namespace prefixes every subject and stream, so that test runs (and tenants sharing one
 * NATS account) never see each other's messages. Production runs with an empty namespace.
 */
export class EventNamespace {
  constructor(readonly prefix: string = '') {
    if (prefix && !/^[a-z0-9][a-z0-9_-]*$/i.test(prefix)) {
      throw new Error(`Event namespace "${prefix}" may hold letters, digits, - and _ only`);
    }
  }

  subject(contractSubject: string): string {
    return this.prefix ? `${this.prefix}.${contractSubject}` : contractSubject;
  }

  /** The contract subject of a wire subject, or undefined when it lies outside this namespace. */
  contractSubject(wireSubject: string): string | undefined {
    if (!this.prefix) {
      return wireSubject;
    }
    const head = `${this.prefix}.`;
    return wireSubject.startsWith(head) ? wireSubject.slice(head.length) : undefined;
  }

  stream(name: string): string {
    return this.prefix ? `${this.prefix}_${name}` : name;
  }

  streamSubjects(name: string): string[] {
    return [this.subject(`${name.toLowerCase()}.>`)];
  }

  deadLetterSubject(consumer: string, contractSubject: string): string {
    return this.subject(`${DEAD_LETTER_STREAM.toLowerCase()}.${consumer}.${contractSubject}`);
  }
}
