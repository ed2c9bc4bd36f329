import { Inject, Injectable } from '@nestjs/common';
import { headers as natsHeaders } from '@nats-io/transport-node';
import type { StoredMsg } from '@nats-io/jetstream';
import { DataSource } from 'typeorm';
import { DEAD_LETTER_STREAM, EventEnvelopeSchema } from '@deelwijs/contracts';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { NatsClient } from '../nats-client';
import { DEAD_LETTER_HEADERS } from '../transport/headers';

/**
 * A dead letter as an administrator sees it: where it came from and why it stopped, and the
 * envelope's metadata. Never the payload: events carry no personal data, and what a projection
 * could not apply is for the logs and the code, not for a page.
 */
export interface DeadLetter {
  /** The dead letter's sequence in the DEADLETTER stream: its id. */
  sequence: number;
  /** The event's own subject (without the namespace), e.g. `activities.registration.created.v1`. */
  subject: string;
  /** The durable consumer that gave up on it. */
  consumer: string;
  reason: string;
  deadLetteredAt: string;
  /** How often the consumer tried, as NATS counted its deliveries. */
  deliveries: number;
  /** Absent when the message was no valid envelope (such a message is dead-lettered at once). */
  eventId?: string;
  occurredAt?: string;
  producer?: string;
}

export class DeadLetterNotFoundError extends Error {}

/**
 * The dead letters of one service (`deadletter.<service>.<subject>` in the DEADLETTER stream)
 * and their replay. A replay clears the consumer's attempt count for the event (else the
 * transport would dead-letter it again at once, its attempts being spent), republishes the
 * original bytes to the original subject, and removes the dead letter. Every consumer of that
 * subject receives it again; those that applied it before find their inbox row and change
 * nothing, so the one that failed applies it once. The republication carries a Nats-Msg-Id of
 * its own (`replay:<sequence>`): the original's id would be dropped as a duplicate within the
 * stream's window, and two replays of one dead letter within it publish once.
 */
@Injectable()
export class DeadLetters {
  constructor(
    private readonly nats: NatsClient,
    private readonly dataSource: DataSource,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  private get stream(): string {
    return this.nats.namespace.stream(DEAD_LETTER_STREAM);
  }

  private get subjects(): string {
    return this.nats.namespace.deadLetterSubject(this.options.service, 'any').replace(/\.any$/, '.>');
  }

  /** Newest first, at most `limit`. */
  async list(limit: number): Promise<DeadLetter[]> {
    const info = await this.nats.jsm.streams.info(this.stream, { subjects_filter: this.subjects });
    if (Object.keys(info.state.subjects ?? {}).length === 0) {
      return [];
    }
    const letters: DeadLetter[] = [];
    let seq = info.state.first_seq;
    while (seq <= info.state.last_seq) {
      // The first message of this service's on or after seq (STREAM.MSG.GET's next_by_subj,
      // which the client types only for direct gets; the stream allows none).
      const message = await this.nats.jsm.streams
        .getMessage(this.stream, { seq, next_by_subj: this.subjects } as unknown as { seq: number })
        .catch(() => null);
      if (!message) {
        break;
      }
      letters.push(this.view(message));
      seq = message.seq + 1;
    }
    return letters.reverse().slice(0, limit);
  }

  async replay(sequence: number): Promise<DeadLetter> {
    const message = await this.find(sequence);
    const letter = this.view(message);
    if (letter.eventId) {
      await this.dataSource.query(`DELETE FROM consumer_attempts WHERE consumer = $1 AND event_id = $2`, [letter.consumer, letter.eventId]);
    }
    const h = natsHeaders();
    for (const [name, values] of message.header) {
      if (!Object.values(DEAD_LETTER_HEADERS).includes(name as never) && !name.startsWith('Nats-')) {
        values.forEach((value) => h.append(name, value));
      }
    }
    const original = message.header.get(DEAD_LETTER_HEADERS.originalSubject);
    await this.nats.js.publish(original, message.data, { headers: h, msgID: `replay:${this.stream}:${sequence}`, timeout: 5_000 });
    await this.nats.jsm.streams.deleteMessage(this.stream, sequence, false);
    return letter;
  }

  private async find(sequence: number): Promise<StoredMsg> {
    const message = await this.nats.jsm.streams.getMessage(this.stream, { seq: sequence }).catch(() => null);
    const own = this.subjects.slice(0, -1);
    if (!message || !message.subject.startsWith(own) || !message.header?.get(DEAD_LETTER_HEADERS.originalSubject)) {
      throw new DeadLetterNotFoundError(`no dead letter ${sequence} of ${this.options.service}`);
    }
    return message;
  }

  private view(message: StoredMsg): DeadLetter {
    const header = message.header;
    const originalSubject = header?.get(DEAD_LETTER_HEADERS.originalSubject) ?? '';
    const letter: DeadLetter = {
      sequence: message.seq,
      subject: this.nats.namespace.contractSubject(originalSubject) ?? originalSubject,
      consumer: header?.get(DEAD_LETTER_HEADERS.consumer) ?? '',
      reason: header?.get(DEAD_LETTER_HEADERS.reason) ?? '',
      deadLetteredAt: message.time.toISOString(),
      deliveries: Number(header?.get(DEAD_LETTER_HEADERS.deliveries) ?? 0),
    };
    const envelope = EventEnvelopeSchema.safeParse(safeJson(message));
    if (envelope.success) {
      letter.eventId = envelope.data.eventId;
      letter.occurredAt = envelope.data.occurredAt;
      letter.producer = envelope.data.producer;
    }
    return letter;
  }
}

function safeJson(message: StoredMsg): unknown {
  try {
    return message.json();
  } catch {
    return undefined;
  }
}
