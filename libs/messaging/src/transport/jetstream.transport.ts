import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, Server, type MessageHandler } from '@nestjs/microservices';
import {
  AckPolicy,
  DeliverPolicy,
  ReplayPolicy,
  type ConsumerConfig,
  type ConsumerMessages,
  type JsMsg,
} from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { lastValueFrom } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import {
  contractFor,
  describeIssues,
  EnvelopeVerifier,
  EventEnvelopeSchema,
  requiresSignature,
  type EventContract,
  type EventEnvelope,
} from '@deelwijs/contracts';
import { Correlation, inSpan, SpanKind } from '@deelwijs/observability';
import type { MessagingOptions } from '../messaging.options';
import { isNotFound, type NatsClient } from '../nats-client';
import { EventContext } from './event-context';
import { DEAD_LETTER_HEADERS } from './headers';

const MS_TO_NS = 1_000_000;

class PoisonMessage extends Error {}

interface Subscription {
  contract: EventContract;
  handler: MessageHandler;
  durable: string;
  messages?: ConsumerMessages;
  loop?: Promise<void>;
  /** Received, checked and waiting for a transaction. */
  queue: Delivery[];
  /** Received and not yet settled (acked, naked, dead-lettered): queued or in a transaction. */
  unsettled: number;
  /** The same messages, for the in-progress signals that keep NATS from handing them to another instance. */
  held: Set<JsMsg>;
  /** Transactions under way. */
  running: number;
  /** Resolved whenever a transaction ends: the receive loop waits on it when at its limit. */
  settled?: () => void;
  dispatchScheduled: boolean;
}

interface Delivery {
  message: JsMsg;
  envelope: EventEnvelope;
  /** The how-manieth time a handler starts on this event in this consumer (consumer_attempts). */
  attempt: number;
}

/**
 * A Nest transport strategy over JetStream durable pull consumers, for handlers declared with
 * @OnEvent (or @EventPattern). One durable consumer per service and event subject, shared by
 * all instances of the service, so each event is handled by one of them.
 *
 * Per message: the envelope and payload are checked against the contract (a bad message goes
 * to dead letter at once); the inbox row and the handler's work commit in one transaction; the
 * ack is sent only after that commit. A failing handler is retried with back-off and after
 * maxDeliver attempts goes to dead letter with the reason.
 *
 * Messages that arrive while a transaction is under way are applied together in the next one
 * (up to batchSize): one BEGIN, inbox insert and COMMIT for all of them instead of one each,
 * which is most of the per-event cost under load and adds nothing when traffic is light. If
 * anything in a batch fails, it is rolled back and its messages are applied one transaction
 * each, so a failing event is retried or dead-lettered on its own.
 */
export class JetStreamTransport extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(JetStreamTransport.name);
  private readonly subscriptions: Subscription[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly verifier: EnvelopeVerifier;
  private progress?: NodeJS.Timeout;
  private closing = false;

  constructor(
    private readonly nats: NatsClient,
    private readonly dataSource: DataSource,
    private readonly options: MessagingOptions,
  ) {
    super();
    this.verifier = new EnvelopeVerifier(options.identityVerificationKeys);
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      for (const subject of this.messageHandlers.keys()) {
        const contract = contractFor(subject);
        if (!contract) {
          throw new Error(`No event contract for handler subject "${subject}"; add it to @deelwijs/contracts`);
        }
        const subscription: Subscription = {
          contract,
          // Looked up once: Nest's lookup tries JSON.parse on the pattern and catches the throw.
          handler: this.getHandlerByPattern(subject) as MessageHandler,
          durable: this.durableName(contract),
          queue: [],
          unsettled: 0,
          held: new Set(),
          running: 0,
          dispatchScheduled: false,
        };
        await this.ensureConsumer(subscription);
        this.subscriptions.push(subscription);
      }
      // A close while the consumers were being set up: start nothing it would have to wait for.
      if (!this.closing) {
        for (const subscription of this.subscriptions) {
          subscription.loop = this.consume(subscription);
        }
        this.startProgressSignals();
      }
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const subscription of this.subscriptions) {
      subscription.messages?.stop();
      subscription.settled?.();
    }
    await Promise.allSettled(this.subscriptions.map((subscription) => subscription.loop));
    // What was received is still applied (and acked): the next owner would only get it after ack_wait.
    for (const subscription of this.subscriptions) {
      this.dispatch(subscription);
    }
    while (this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight]);
    }
    clearInterval(this.progress);
  }

  /**
   * Every third of the ack wait, tells NATS that each message this process holds (queued or in
   * a transaction) is still being worked on, so the ack wait can be short (a dead instance's
   * messages go to another within seconds) while a long batch or a slow handler on a live
   * instance is not handed out twice. Timers, not the handler: a process that stops running
   * (killed, frozen) stops signalling, which is what lets its messages move on.
   */
  private startProgressSignals(): void {
    const every = Math.max(250, Math.floor(this.options.consumer.ackWaitMs / 3));
    this.progress = setInterval(() => {
      for (const subscription of this.subscriptions) {
        for (const message of subscription.held) {
          try {
            message.working();
          } catch {
            // The connection is closed or reconnecting: the message is redelivered anyway.
          }
        }
      }
    }, every);
    this.progress.unref();
  }

  on(): never {
    throw new Error('JetStreamTransport does not emit events');
  }

  unwrap<T>(): T {
    return this.nats.nc as T;
  }

  /** The consumer's span for one event, in its transaction: a child of the span that wrote it. */
  private traced<T>(subscription: Subscription, delivery: Delivery, work: () => Promise<T>): Promise<T> {
    const { envelope } = delivery;
    return inSpan(`process ${envelope.subject}`, SpanKind.CONSUMER, envelope.traceparent, {
      'messaging.system': 'nats',
      'messaging.destination.name': envelope.subject,
      'messaging.message.id': envelope.eventId,
      'messaging.consumer.group.name': subscription.durable,
      'deelwijs.service': this.options.service,
    }, work);
  }

  private durableName(contract: EventContract): string {
    return `${this.options.service}--${contract.subject.replace(/\./g, '_')}`;
  }

  private consumerConfig(subscription: Subscription): Partial<ConsumerConfig> {
    return {
      durable_name: subscription.durable,
      filter_subject: this.nats.namespace.subject(subscription.contract.subject),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      replay_policy: ReplayPolicy.Instant,
      ack_wait: this.options.consumer.ackWaitMs * MS_TO_NS,
      // Unlimited: the transport counts attempts itself (consumer_attempts) and dead-letters. With
      // a limit NATS drops a message after its last delivery with only an advisory, and its count
      // is no measure of attempts: it starts again at 1 when a consumer process has died.
      max_deliver: -1,
      max_ack_pending: Math.max(1_000, this.options.consumer.concurrency * 4),
    };
  }

  /** Creates the durable consumer or updates its mutable settings; idempotent across instances. */
  private async ensureConsumer(subscription: Subscription): Promise<void> {
    const stream = this.nats.namespace.stream(subscription.contract.stream);
    const config = this.consumerConfig(subscription);
    try {
      await this.nats.jsm.consumers.info(stream, subscription.durable);
      await this.nats.jsm.consumers.update(stream, subscription.durable, {
        ack_wait: config.ack_wait,
        max_deliver: config.max_deliver,
        max_ack_pending: config.max_ack_pending,
      });
    } catch (error) {
      if (!isNotFound(error)) {
        throw error;
      }
      await this.nats.jsm.consumers.add(stream, config);
    }
  }

  private async consume(subscription: Subscription): Promise<void> {
    const stream = this.nats.namespace.stream(subscription.contract.stream);
    const limit = this.options.consumer.concurrency;
    while (!this.closing) {
      try {
        const consumer = await this.nats.js.consumers.get(stream, subscription.durable);
        const messages = await consumer.consume({ max_messages: Math.max(limit * 2, 32) });
        subscription.messages = messages;
        // close() may have run while consume() was being set up: it stopped nothing then, and
        // would wait on this loop until the server ended the pull (minutes) if it went on.
        if (this.closing) {
          messages.stop();
          break;
        }
        void this.watchConsumer(subscription, messages);
        for await (const message of messages) {
          this.receive(subscription, message);
          while (subscription.unsettled >= limit && !this.closing) {
            await new Promise<void>((resolve) => (subscription.settled = resolve));
          }
        }
      } catch (error) {
        if (this.closing) {
          break;
        }
        this.logger.warn({ msg: 'consumer loop interrupted; restarting', consumer: subscription.durable, error: String(error) });
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        await this.ensureConsumer(subscription).catch(() => undefined);
      }
    }
  }

  /** A NATS server that lost its state (no file storage) loses the consumer: recreate it. */
  private async watchConsumer(subscription: Subscription, messages: ConsumerMessages): Promise<void> {
    for await (const status of messages.status()) {
      if (this.closing) {
        return;
      }
      if (status.type === 'consumer_deleted' || status.type === 'consumer_not_found') {
        this.logger.warn({ msg: 'durable consumer missing; recreating', consumer: subscription.durable });
        await this.ensureConsumer(subscription).catch((error: unknown) =>
          this.logger.warn({ msg: 'cannot recreate consumer yet', error: String(error) }),
        );
      }
    }
  }

  private receive(subscription: Subscription, message: JsMsg): void {
    subscription.unsettled += 1;
    subscription.held.add(message);
    let envelope: EventEnvelope;
    try {
      envelope = this.decode(subscription.contract, message);
    } catch (error) {
      this.track(subscription, this.deadLetter(subscription, message, (error as Error).message), [message]);
      return;
    }
    subscription.queue.push({ message, envelope, attempt: 0 });
    // Deferred past the messages that arrived in the same read, so that they share a transaction.
    if (!subscription.dispatchScheduled) {
      subscription.dispatchScheduled = true;
      setImmediate(() => {
        subscription.dispatchScheduled = false;
        this.dispatch(subscription);
      });
    }
  }

  /** Starts transactions for queued messages while fewer than the allowed number run. */
  private dispatch(subscription: Subscription): void {
    const { batchSize, concurrency } = this.options.consumer;
    const transactions = Math.max(1, Math.ceil(concurrency / batchSize));
    while (subscription.queue.length > 0 && subscription.running < transactions) {
      const batch = subscription.queue.splice(0, batchSize);
      subscription.running += 1;
      const work = this.applyBatch(subscription, batch).finally(() => {
        subscription.running -= 1;
        this.dispatch(subscription);
      });
      this.track(subscription, work, batch.map((delivery) => delivery.message));
    }
  }

  /** Counts work as in flight until it settles, then lets the receive loop go on. */
  private track(subscription: Subscription, work: Promise<void>, messages: JsMsg[]): void {
    const tracked = work
      .catch((error: unknown) => this.logger.error({ msg: 'event handling failed unexpectedly', error: errorMessage(error) }))
      .finally(() => {
        this.inFlight.delete(tracked);
        subscription.unsettled -= messages.length;
        for (const message of messages) {
          subscription.held.delete(message);
        }
        const wake = subscription.settled;
        subscription.settled = undefined;
        wake?.();
      });
    this.inFlight.add(tracked);
  }

  /**
   * Counts an attempt for each event before its handler starts, committed on its own so that the
   * count survives a crash in the handler. An event whose handlers have started maxDeliver times
   * without one of them ending (a failure at maxDeliver dead-letters it) killed or froze its
   * process every time: it is dead-lettered here, before the handler runs again. Returns the
   * deliveries to apply.
   */
  private async countAttempts(subscription: Subscription, batch: Delivery[]): Promise<Delivery[]> {
    const rows = (await this.dataSource.query(
      `INSERT INTO consumer_attempts (consumer, event_id, attempts)
       SELECT $1, event_id, 1 FROM unnest($2::uuid[]) AS received (event_id)
       ON CONFLICT (consumer, event_id) DO UPDATE
         SET attempts = consumer_attempts.attempts + 1, last_attempt_at = now()
       RETURNING event_id, attempts`,
      [subscription.durable, [...new Set(batch.map((delivery) => delivery.envelope.eventId))]],
    )) as { event_id: string; attempts: number }[];
    const attempts = new Map(rows.map((row) => [row.event_id, row.attempts]));
    const ready: Delivery[] = [];
    for (const delivery of batch) {
      delivery.attempt = attempts.get(delivery.envelope.eventId) ?? 1;
      if (delivery.attempt > this.options.consumer.maxDeliver) {
        const reason = `handler started ${delivery.attempt - 1} times and never finished: its process died or stalled past the ack wait each time`;
        await this.deadLetter(subscription, delivery.message, reason);
      } else {
        ready.push(delivery);
      }
    }
    return ready;
  }

  private async applyBatch(subscription: Subscription, received: Delivery[]): Promise<void> {
    let batch: Delivery[];
    try {
      batch = await this.countAttempts(subscription, received);
    } catch (error) {
      // The database is away: nothing was applied, and NATS brings the events again.
      this.logger.warn({ msg: 'cannot count attempts; will retry', consumer: subscription.durable, error: errorMessage(error) });
      for (const delivery of received) {
        delivery.message.nak(this.options.consumer.backoffMs[0]);
      }
      return;
    }
    if (batch.length === 0) {
      return;
    }
    if (batch.length === 1) {
      return this.applyOne(subscription, batch[0]);
    }
    try {
      await this.dataSource.transaction(async (manager) => {
        const fresh = new Set(
          (
            // The attempts are cleared in the same statement (one round trip less); the
            // transaction's rollback brings them back.
            (await manager.query(
              `WITH cleared AS (DELETE FROM consumer_attempts WHERE consumer = $1 AND event_id = ANY($2::uuid[]))
               INSERT INTO inbox (consumer, event_id, subject)
               SELECT $1, event_id, subject FROM unnest($2::uuid[], $3::text[]) AS received (event_id, subject)
               ON CONFLICT DO NOTHING RETURNING event_id`,
              [
                subscription.durable,
                batch.map((delivery) => delivery.envelope.eventId),
                batch.map((delivery) => delivery.envelope.subject),
              ],
            )) as { event_id: string }[]
          ).map((row) => row.event_id),
        );
        for (const delivery of batch) {
          // delete: the same event twice in one batch (redelivered, or republished under another
          // Nats-Msg-Id) is applied once.
          if (fresh.delete(delivery.envelope.eventId)) {
            await this.traced(subscription, delivery, () =>
              Correlation.run(delivery.envelope.correlationId, () => this.handle(subscription, delivery, manager)),
            );
          }
        }
      });
    } catch {
      // Which message failed, and whether it would fail alone, only the single transactions tell.
      for (const delivery of batch) {
        await this.applyOne(subscription, delivery);
      }
      return;
    }
    for (const delivery of batch) {
      delivery.message.ack();
    }
  }

  private async applyOne(subscription: Subscription, delivery: Delivery): Promise<void> {
    const { message, envelope } = delivery;
    await Correlation.run(envelope.correlationId, async () => {
      try {
        await this.dataSource.transaction(async (manager) => {
          // Clears the attempts in the same statement, as applyBatch does.
          const fresh: unknown[] = await manager.query(
            `WITH cleared AS (DELETE FROM consumer_attempts WHERE consumer = $1 AND event_id = $2)
             INSERT INTO inbox (consumer, event_id, subject) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING RETURNING 1`,
            [subscription.durable, envelope.eventId, envelope.subject],
          );
          if (fresh.length > 0) {
            await this.traced(subscription, delivery, () => this.handle(subscription, delivery, manager));
          }
        });
        message.ack();
      } catch (error) {
        await this.handleFailure(subscription, message, delivery.attempt, error);
      }
    });
  }

  private async handle(subscription: Subscription, delivery: Delivery, manager: EntityManager): Promise<void> {
    const context = new EventContext([delivery.envelope, manager, delivery.message.info.deliveryCount]);
    const result = await subscription.handler(delivery.envelope.payload, context);
    await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
  }

  private decode(contract: EventContract, message: JsMsg): EventEnvelope {
    let raw: unknown;
    try {
      raw = message.json();
    } catch {
      throw new PoisonMessage('message is not valid JSON');
    }
    const envelope = EventEnvelopeSchema.safeParse(raw);
    if (!envelope.success) {
      throw new PoisonMessage(`envelope invalid: ${describeIssues(envelope.error)}`);
    }
    if (envelope.data.subject !== contract.subject) {
      throw new PoisonMessage(`envelope subject ${envelope.data.subject} arrived on ${contract.subject}`);
    }
    const payload = contract.schema.safeParse(envelope.data.payload);
    if (!payload.success) {
      throw new PoisonMessage(`payload invalid for ${contract.subject}: ${describeIssues(payload.error)}`);
    }
    if (requiresSignature(contract)) {
      // Checked on the envelope as it arrived, before the schemas filled in any default.
      const refusal = this.verifier.refusal(raw);
      if (refusal) {
        throw new PoisonMessage(`identity event refused: ${refusal}`);
      }
    }
    return { ...envelope.data, payload: payload.data };
  }

  private async handleFailure(subscription: Subscription, message: JsMsg, attempt: number, error: unknown): Promise<void> {
    const reason = errorMessage(error);
    if (attempt >= this.options.consumer.maxDeliver) {
      await this.deadLetter(subscription, message, `handler failed ${attempt} times: ${reason}`);
      return;
    }
    const backoff = this.options.consumer.backoffMs;
    const delay = backoff[Math.min(attempt - 1, backoff.length - 1)] ?? 1_000;
    this.logger.warn({ msg: 'event handler failed; will retry', consumer: subscription.durable, attempt, delayMs: delay, reason });
    message.nak(delay);
  }

  /**
   * Publishes the original bytes with the reason to the dead-letter subject, then terminates
   * the message. Until the dead letter is stored the message is not acknowledged, so a NATS
   * outage at this point means a later redelivery, not a silent loss.
   */
  private async deadLetter(subscription: Subscription, message: JsMsg, reason: string): Promise<void> {
    const h = natsHeaders();
    h.set(DEAD_LETTER_HEADERS.reason, reason.slice(0, 2_000));
    h.set(DEAD_LETTER_HEADERS.consumer, subscription.durable);
    h.set(DEAD_LETTER_HEADERS.originalSubject, message.subject);
    h.set(DEAD_LETTER_HEADERS.originalSequence, String(message.seq));
    h.set(DEAD_LETTER_HEADERS.deliveries, String(message.info.deliveryCount));
    try {
      await this.nats.js.publish(
        this.nats.namespace.deadLetterSubject(this.options.service, subscription.contract.subject),
        message.data,
        { headers: h, msgID: `${subscription.durable}:${message.seq}` },
      );
      // Without a reason: nats-server 2.9 takes only a bare +TERM and ignores "+TERM <reason>",
      // leaving the message to be redelivered (and its handler run again) after the ack wait.
      // The reason travels in the dead letter's headers.
      message.term();
      this.logger.error({ msg: 'event dead-lettered', consumer: subscription.durable, sequence: message.seq, reason });
    } catch (error) {
      this.logger.error({ msg: 'cannot dead-letter; leaving for redelivery', error: errorMessage(error) });
      message.nak(this.options.consumer.backoffMs[0]);
    }
  }
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  if (error && typeof error === 'object' && 'message' in error) {
    return String((error as { message: unknown }).message);
  }
  return String(error);
}
