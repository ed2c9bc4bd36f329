import { randomUUID } from 'node:crypto';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type ConsumerMessages,
  type JetStreamClient,
} from '@nats-io/jetstream';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { TEST_NATS, waitFor } from '@deelwijs/testing';
import { nowMs, runOpenLoop } from '@deelwijs/testing/bench';

const SECOND_NS = 1_000_000_000;
const DURABLE = 'bench';
/** The same header the outbox relay puts on every event, so both sides carry the same bytes. */
const CORRELATION_HEADER = 'Deelwijs-Correlation-Id';

export interface BaselineOptions {
  ratePerSecond: number;
  durationMs: number;
  /** Size of each message body in bytes: that of one real event envelope. */
  payloadBytes: number;
  warmup: number;
  drainTimeoutMs: number;
  progress: (line: string) => void;
}

export interface BaselineResult {
  stream: string;
  payloadBytes: number;
  sent: number;
  publishErrors: number;
  received: number;
  startedAt: number;
  lastReceivedAt: number;
  /** Receive time minus intended send time, per message received. */
  endToEndMs: number[];
  /** PubAck time minus intended send time (the counterpart of the HTTP create latency). */
  publishAckMs: number[];
  dispatchLagMs: number[];
}

/**
 * The floor the system is measured against: raw JetStream on the same server, a file-storage
 * stream with a duplicate window like the services' streams, a durable pull consumer with
 * explicit acks and the same pull batch as the services' consumers, messages of the size of a
 * real event envelope with a Nats-Msg-Id. No database, no HTTP, no outbox, no inbox.
 */
export class JetStreamBaseline {
  private constructor(
    private readonly publisher: NatsConnection,
    private readonly subscriber: NatsConnection,
    readonly stream: string,
    private readonly subject: string,
  ) {}

  /** Stream and subject carry the run's namespace, so the run's clean-up covers them too. */
  static async create(namespace: string): Promise<JetStreamBaseline> {
    const publisher = await connect({ servers: TEST_NATS, name: 'bench-baseline-publisher' });
    const subscriber = await connect({ servers: TEST_NATS, name: 'bench-baseline-consumer' });
    const baseline = new JetStreamBaseline(
      publisher,
      subscriber,
      `${namespace}_BASELINE`,
      `${namespace}.baseline.bench`,
    );
    try {
      const jsm = await jetstreamManager(publisher);
      await jsm.streams.add({
        name: baseline.stream,
        subjects: [baseline.subject],
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        duplicate_window: 120 * SECOND_NS,
        num_replicas: 1,
      });
      await jsm.consumers.add(baseline.stream, {
        durable_name: DURABLE,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: 30 * SECOND_NS,
        max_ack_pending: 1_000,
      });
    } catch (error) {
      // The stream, if it was created, carries the namespace: the run's clean-up deletes it.
      await Promise.allSettled([publisher.close(), subscriber.close()]);
      throw error;
    }
    return baseline;
  }

  async run(options: BaselineOptions): Promise<BaselineResult> {
    const total = Math.round((options.ratePerSecond * options.durationMs) / 1_000);
    const receivedAt = new Float64Array(total).fill(Number.NaN);
    const endToEndMs: number[] = [];
    const publishAckMs: number[] = [];
    let warmupReceived = 0;
    let received = 0;
    let lastReceivedAt = 0;

    const consumer = await jetstream(this.subscriber).consumers.get(this.stream, DURABLE);
    // 32: what the services' consumers pull at their default concurrency of 16.
    const messages: ConsumerMessages = await consumer.consume({ max_messages: 32 });
    const consuming = (async () => {
      for await (const message of messages) {
        const at = nowMs();
        const { i, t } = message.json<{ i: number; t: number }>();
        message.ack();
        if (i < 0) {
          warmupReceived += 1;
        } else if (Number.isNaN(receivedAt[i])) {
          // Count a redelivery once, at its first arrival.
          receivedAt[i] = at;
          endToEndMs.push(at - t);
          received += 1;
          lastReceivedAt = Math.max(lastReceivedAt, at);
        }
      }
    })();

    try {
      const js = jetstream(this.publisher);
      options.progress(`baseline warm-up: ${options.warmup} messages`);
      await Promise.all(
        Array.from({ length: options.warmup }, () => this.publish(js, -1, nowMs(), options.payloadBytes)),
      );
      await waitFor(
        async () => warmupReceived,
        (count) => count >= options.warmup,
        {
          timeoutMs: options.drainTimeoutMs,
          what: 'the baseline warm-up messages',
        },
      );

      let publishErrors = 0;
      const acks: Promise<void>[] = [];
      const load = await runOpenLoop({
        ratePerSecond: options.ratePerSecond,
        durationMs: options.durationMs,
        fire: (index, intendedAt) => {
          acks.push(
            this.publish(js, index, intendedAt, options.payloadBytes).then(
              () => {
                publishAckMs.push(nowMs() - intendedAt);
              },
              () => {
                publishErrors += 1;
              },
            ),
          );
        },
        onSecond: (elapsed, fired) =>
          options.progress(
            `baseline load: ${elapsed}/${options.durationMs / 1_000} s, published ${fired}, received ${received}`,
          ),
      });
      await Promise.all(acks);
      const expected = load.fired - publishErrors;
      let lastPrinted = 0;
      await waitFor(
        async () => {
          if (nowMs() - lastPrinted >= 1_000) {
            lastPrinted = nowMs();
            options.progress(`baseline draining: received ${received}/${expected}`);
          }
          return received;
        },
        (count) => count >= expected,
        { timeoutMs: options.drainTimeoutMs, what: 'the baseline messages' },
      ).catch((error: Error) => options.progress(`baseline drain incomplete: ${error.message}`));
      return {
        stream: this.stream,
        payloadBytes: options.payloadBytes,
        sent: load.fired,
        publishErrors,
        received,
        startedAt: load.startedAt,
        lastReceivedAt,
        endToEndMs,
        publishAckMs,
        dispatchLagMs: load.dispatchLagMs,
      };
    } finally {
      messages.stop();
      await consuming.catch(() => undefined);
    }
  }

  /** Deletes the stream (and with it the consumer) and closes both connections. */
  async destroy(): Promise<void> {
    try {
      const jsm = await jetstreamManager(this.publisher);
      await jsm.streams.delete(this.stream).catch((error: Error) => {
        if (!/not found/i.test(error.message)) {
          throw error;
        }
      });
    } finally {
      await Promise.allSettled([this.publisher.close(), this.subscriber.close()]);
    }
  }

  private async publish(js: JetStreamClient, index: number, intendedAt: number, size: number): Promise<void> {
    const h = natsHeaders();
    h.set(CORRELATION_HEADER, randomUUID());
    await js.publish(this.subject, paddedBody(index, intendedAt, size), {
      msgID: randomUUID(),
      headers: h,
      timeout: 5_000,
    });
  }
}

/** A JSON body of exactly `size` bytes (or the bare minimum) carrying its index and send time. */
export function paddedBody(index: number, intendedAt: number, size: number): string {
  const head = `{"i":${index},"t":${intendedAt.toFixed(3)},"pad":"`;
  const tail = '"}';
  return `${head}${'x'.repeat(Math.max(0, size - head.length - tail.length))}${tail}`;
}
