import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

interface CorrelationScope {
  correlationId: string;
}

const storage = new AsyncLocalStorage<CorrelationScope>();

/** The id that follows one piece of work across HTTP requests, events and jobs. */
export const Correlation = {
  run<T>(correlationId: string | undefined, work: () => T): T {
    return storage.run({ correlationId: correlationId || randomUUID() }, work);
  },
  current(): string | undefined {
    return storage.getStore()?.correlationId;
  },
  /** Binds the rest of the current asynchronous flow to an id (for framework hooks that cannot wrap). */
  enter(correlationId: string | undefined): string {
    const id = correlationId || randomUUID();
    storage.enterWith({ correlationId: id });
    return id;
  },
};
