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
import type { DataSource } from 'typeorm';
import {
  contractFor,
  describeIssues,
  EventEnvelopeSchema,
  type EventContract,
  type EventEnvelope,
} from '@deelwijs/contracts';
import { Correlation } from '@deelwijs/observability';
import type { MessagingOptions } from '../messaging.options';
import { isNotFound, type NatsClient } from '../nats-client';
import { EventContext } from './event-context';
import { DEAD_LETTER_HEADERS } from './headers';

const MS_TO_NS = 1_000_000;

class PoisonMessage extends Error {}

interface Subscription {
  contract: EventContract;
  durable: string;
  messages?: ConsumerMessages;
  loop?: Promise<void>;
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
 */
export class JetStreamTransport extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(JetStreamTransport.name);
  private readonly subscriptions: Subscription[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private closing = false;

  constructor(
    private readonly nats: NatsClient,
    private readonly dataSource: DataSource,
    private readonly options: MessagingOptions,
  ) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      for (const subject of this.messageHandlers.keys()) {
        const contract = contractFor(subject);
        if (!contract) {
          throw new Error(`No event contract for handler subject "${subject}"; add it to @deelwijs/contracts`);
        }
        const subscription: Subscription = { contract, durable: this.durableName(contract) };
        await this.ensureConsumer(subscription);
        this.subscriptions.push(subscription);
      }
      for (const subscription of this.subscriptions) {
        subscription.loop = this.consume(subscription);
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
    }
    await Promise.allSettled(this.subscriptions.map((subscription) => subscription.loop));
    await Promise.allSettled([...this.inFlight]);
  }

  on(): never {
    throw new Error('JetStreamTransport does not emit events');
  }

  unwrap<T>(): T {
    return this.nats.nc as T;
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
      // One more than the transport's own attempts: the last delivery is the one that dead-letters.
      max_deliver: this.options.consumer.maxDeliver + 1,
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
    const handler = this.getHandlerByPattern(subscription.contract.subject) as MessageHandler;
    const stream = this.nats.namespace.stream(subscription.contract.stream);
    const limit = this.options.consumer.concurrency;
    while (!this.closing) {
      try {
        const consumer = await this.nats.js.consumers.get(stream, subscription.durable);
        const messages = await consumer.consume({ max_messages: Math.max(limit * 2, 32) });
        subscription.messages = messages;
        void this.watchConsumer(subscription, messages);
        for await (const message of messages) {
          const work = this.process(subscription, handler, message);
          this.inFlight.add(work);
          void work.finally(() => this.inFlight.delete(work));
          if (this.inFlight.size >= limit) {
            await Promise.race(this.inFlight);
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

  private async process(subscription: Subscription, handler: MessageHandler, message: JsMsg): Promise<void> {
    let envelope: EventEnvelope;
    try {
      envelope = this.decode(subscription.contract, message);
    } catch (error) {
      await this.deadLetter(subscription, message, (error as Error).message);
      return;
    }
    await Correlation.run(envelope.correlationId, async () => {
      try {
        await this.dataSource.transaction(async (manager) => {
          const fresh: unknown[] = await manager.query(
            `INSERT INTO inbox (consumer, event_id, subject) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING RETURNING 1`,
            [subscription.durable, envelope.eventId, envelope.subject],
          );
          if (fresh.length === 0) {
            return;
          }
          const context = new EventContext([envelope, manager, message.info.deliveryCount]);
          const result = await handler(envelope.payload, context);
          await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
        });
        message.ack();
      } catch (error) {
        await this.handleFailure(subscription, message, error);
      }
    });
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
    return { ...envelope.data, payload: payload.data };
  }

  private async handleFailure(subscription: Subscription, message: JsMsg, error: unknown): Promise<void> {
    const reason = errorMessage(error);
    const attempt = message.info.deliveryCount;
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
      message.term(reason.slice(0, 200));
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
