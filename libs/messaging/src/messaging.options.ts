export type OutboxFault = 'crash-before-publish' | 'crash-after-publish';

export interface MessagingOptions {
  /** The service's name: producer of its events and the name of its consumer group. */
  service: string;
  natsServers: string;
  /**
   * The service's own NATS account (user and password); unset on a server without
   * authentication (the machine's NATS that `npm start` and the tests use).
   */
  natsCredentials?: { user: string; password: string };
  /**
   * The identity administration's public keys (base64 SPKI DER, comma-separated, or one PEM):
   * an identity event is applied only with a valid signature by one of them.
   */
  identityVerificationKeys: string;
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
    /**
     * How long NATS waits for an ack before it hands a message to another instance. Short, so
     * that a dead instance's messages move on within seconds; a live one says it is still
     * working on what it holds (in-progress signals every third of this), however long that takes.
     */
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
  ackWaitMs: 5_000,
  backoffMs: [500, 2_000, 10_000, 30_000],
  concurrency: 16,
  batchSize: 16,
};
