import { z } from 'zod';
import type { StreamName } from './streams';

/**
 * One event type at one version. Producers and consumers import the same contract, so the
 * subject, the stream it lives on and the payload schema cannot drift apart.
 */
export interface EventContract<S extends z.ZodType = z.ZodType> {
  readonly subject: string;
  readonly stream: StreamName;
  readonly schema: S;
  readonly description: string;
}

/** The payload as a consumer receives it: checked, with defaults filled in. */
export type PayloadOf<C extends EventContract> = z.infer<C['schema']>;
/** The payload as a producer may write it: fields with defaults may be left out. */
export type PayloadInputOf<C extends EventContract> = z.input<C['schema']>;

export function defineEvent<S extends z.ZodType>(contract: {
  subject: string;
  stream: StreamName;
  schema: S;
  description: string;
}): EventContract<S> {
  const version = /\.v([0-9]+)$/.exec(contract.subject);
  if (!version) {
    throw new Error(`Event subject ${contract.subject} must end in a version such as .v1`);
  }
  if (!contract.subject.startsWith(`${contract.stream.toLowerCase()}.`)) {
    throw new Error(
      `Event subject ${contract.subject} must start with its stream's prefix ${contract.stream.toLowerCase()}.`,
    );
  }
  return Object.freeze({ ...contract });
}

/** Throws a readable error naming the offending field when the payload breaks the contract. */
export function parsePayload<C extends EventContract>(contract: C, payload: unknown): PayloadOf<C> {
  const result = contract.schema.safeParse(payload);
  if (!result.success) {
    throw new ContractViolation(contract.subject, describeIssues(result.error));
  }
  return result.data as PayloadOf<C>;
}

export class ContractViolation extends Error {
  constructor(
    readonly subject: string,
    readonly details: string,
  ) {
    super(`payload does not match ${subject}: ${details}`);
    this.name = 'ContractViolation';
  }
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
