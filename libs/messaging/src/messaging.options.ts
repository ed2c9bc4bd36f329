export type OutboxFault = 'crash-before-publish' | 'crash-after-publish';

export interface MessagingOptions {
  /** The service's name: producer of its events and the name of its consumer group. */
  service: string;
  natsServers: string;
  /** Prefix of every subject and stream; empty in production, unique per test run. */
  namespace: string;
  /** JetStream replicas per stream: 1 on a single server, 3 on a cluster. */
  streamReplicas: number;
  outbox: {
    /** Fallback when a LISTEN/NOTIFY wake-up is missed (for example while reconnecting). */
    pollIntervalMs: number;
    batchSize: number;
    /** Fault injection for the crash tests: SIGKILL the process at a point of the relay. */
    fault?: OutboxFault;
  };
  consumer: {
    /** Deliveries before a failing event goes to the dead-letter subject. */
    maxDeliver: number;
    ackWaitMs: number;
    /** Delay before each redelivery after a failure; the last value repeats. */
    backoffMs: number[];
    /** Events received and not yet acknowledged, per consumer and process. */
    concurrency: number;
    /**
     * Most events applied in one transaction. Transactions at once per consumer and process:
     * concurrency / batchSize, rounded up (1 by default, which also keeps a service's batches
     * from deadlocking each other on the rows their handlers share).
     */
    batchSize: number;
  };
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export const DEFAULT_CONSUMER_OPTIONS: MessagingOptions['consumer'] = {
  maxDeliver: 5,
  ackWaitMs: 30_000,
  backoffMs: [500, 2_000, 10_000, 30_000],
  concurrency: 16,
  batchSize: 16,
};
