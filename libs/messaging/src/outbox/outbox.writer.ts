import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager, type EntitySubscriberInterface, type QueryRunner, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';
import { createEnvelope, parsePayload, type EventContract, type EventEnvelope, type PayloadInputOf, type PayloadOf } from '@deelwijs/contracts';
import { Correlation, currentTraceparent } from '@deelwijs/observability';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { OUTBOX_CHANNEL } from './outbox.channel';
import { OutboxRelay, type OutboxRow } from './outbox.relay';

/**
 * Records an event in the same transaction as the state change it describes. The relay
 * publishes it after the commit; if the transaction rolls back, the event never existed.
 *
 * It is also a TypeORM subscriber, to hand the rows of a transaction to the relay the moment
 * it commits.
 */
@Injectable()
export class OutboxWriter implements OnModuleInit, EntitySubscriberInterface {
  /** Rows by transaction, for the relay to publish once the transaction has committed. */
  private readonly committing = new WeakMap<QueryRunner, OutboxRow[]>();

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push(this);
  }

  async append<C extends EventContract>(
    transaction: EntityManager,
    contract: C,
    payload: PayloadInputOf<C>,
  ): Promise<EventEnvelope<PayloadOf<C>>> {
    if (!transaction.queryRunner?.isTransactionActive) {
      throw new Error(`OutboxWriter.append(${contract.subject}) needs the entity manager of an open transaction`);
    }
    const checked = parsePayload(contract, payload);
    const envelope = createEnvelope(contract.subject, checked, {
      producer: this.options.service,
      correlationId: Correlation.current(),
      traceparent: currentTraceparent(),
    });
    const json = JSON.stringify(envelope);
    const values = [envelope.eventId, envelope.subject, json];
    if (this.relay.publishesOnCommit()) {
      // The usual case: this process's relay publishes the row straight after the commit,
      // without looking for it in the table first.
      const [row] = (await transaction.query(
        `INSERT INTO outbox (event_id, subject, envelope) VALUES ($1, $2, $3::jsonb) RETURNING seq`,
        values,
      )) as { seq: string }[];
      const runner = transaction.queryRunner;
      const rows = this.committing.get(runner) ?? [];
      rows.push({
        seq: row.seq,
        eventId: envelope.eventId,
        subject: envelope.subject,
        envelope: json,
        correlationId: envelope.correlationId,
        traceparent: envelope.traceparent,
      });
      this.committing.set(runner, rows);
    } else {
      // Starting, stopping or failing: NOTIFY wakes whichever relay listens. It is delivered
      // on commit only, so a relay wakes exactly when there is something committed to
      // publish; the row's seq lets a relay that has already published the row skip it.
      await transaction.query(
        `WITH recorded AS (
           INSERT INTO outbox (event_id, subject, envelope) VALUES ($1, $2, $3::jsonb) RETURNING seq
         ) SELECT pg_notify($4, seq::text) FROM recorded`,
        [...values, OUTBOX_CHANNEL],
      );
    }
    return envelope;
  }

  /**
   * Records many events of one contract with a single INSERT: a bulk of 10,000 registrations
   * would otherwise pay 10,000 round trips inside its transaction.
   */
  async appendMany<C extends EventContract>(
    transaction: EntityManager,
    contract: C,
    payloads: PayloadInputOf<C>[],
  ): Promise<EventEnvelope<PayloadOf<C>>[]> {
    if (!transaction.queryRunner?.isTransactionActive) {
      throw new Error(`OutboxWriter.appendMany(${contract.subject}) needs the entity manager of an open transaction`);
    }
    const events = this.prepare(transaction, payloads.map((payload) => ({ contract, payload })));
    if (events.envelopes.length === 0) {
      return [];
    }
    const inserted = (await transaction.query(
      OutboxWriter.insertStatement(1),
      OutboxWriter.insertParameters(events),
    )) as InsertedOutboxRow[];
    await this.recorded(transaction, events, inserted);
    return events.envelopes as EventEnvelope<PayloadOf<C>>[];
  }

  /**
   * Events (of one or more contracts, in this order) made ready for a caller that writes them
   * in a statement of its own together with the state change they describe: one round trip
   * instead of two (a registration's row, its activity's count and its event). The caller runs
   * `insertStatement` with `insertParameters` in the transaction, then hands the rows it
   * returns to `recorded`.
   */
  prepare(
    transaction: EntityManager,
    events: Array<{ contract: EventContract; payload: unknown }>,
  ): PreparedEvents {
    if (!transaction.queryRunner?.isTransactionActive) {
      throw new Error(
        `OutboxWriter.prepare(${events[0]?.contract.subject ?? 'no events'}) needs the entity manager of an open transaction`,
      );
    }
    const correlationId = Correlation.current();
    const traceparent = currentTraceparent();
    const envelopes = events.map(({ contract, payload }) =>
      createEnvelope(contract.subject, parsePayload(contract, payload as PayloadInputOf<typeof contract>), {
        producer: this.options.service,
        correlationId,
        traceparent,
      }),
    );
    return { envelopes, json: envelopes.map((envelope) => JSON.stringify(envelope)) };
  }

  /**
   * The outbox INSERT of prepared events, usable as a data-modifying WITH query: its three
   * parameters are numbered from `first`; it answers each row's seq and event_id, in order.
   */
  static insertStatement(first: number): string {
    return `INSERT INTO outbox (event_id, subject, envelope)
       SELECT event_id, subject, envelope
         FROM unnest($${first}::uuid[], $${first + 1}::text[], $${first + 2}::jsonb[]) WITH ORDINALITY AS e (event_id, subject, envelope, n)
        ORDER BY n
       RETURNING seq, event_id`;
  }

  static insertParameters(events: PreparedEvents): [string[], string[], string[]] {
    return [events.envelopes.map((envelope) => envelope.eventId), events.envelopes.map((envelope) => envelope.subject), events.json];
  }

  /** The prepared events are in the outbox (`inserted`: what insertStatement answered): publish them once the transaction commits. */
  async recorded(transaction: EntityManager, events: PreparedEvents, inserted: InsertedOutboxRow[]): Promise<void> {
    if (events.envelopes.length === 0) {
      return;
    }
    const seqOf = new Map(inserted.map((row) => [row.event_id, row.seq]));
    const rows: OutboxRow[] = events.envelopes.map((envelope, index) => ({
      seq: seqOf.get(envelope.eventId)!,
      eventId: envelope.eventId,
      subject: envelope.subject,
      envelope: events.json[index],
      correlationId: envelope.correlationId,
      traceparent: envelope.traceparent,
    }));
    if (this.relay.publishesOnCommit()) {
      const runner = transaction.queryRunner!;
      this.committing.set(runner, [...(this.committing.get(runner) ?? []), ...rows]);
    } else {
      // One notification wakes a relay, which then drains every committed row in seq order.
      await transaction.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
    }
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // Also called after RELEASE SAVEPOINT, while the outer transaction is still open.
    const rows = event.queryRunner.isTransactionActive ? undefined : this.committing.get(event.queryRunner);
    if (rows) {
      this.committing.delete(event.queryRunner);
      this.relay.publishCommitted(rows);
    }
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) {
      this.committing.delete(event.queryRunner);
    }
  }
}

/** Events made ready by OutboxWriter.prepare, for a caller's own statement to insert. */
export interface PreparedEvents {
  envelopes: EventEnvelope[];
  /** Each envelope as it is stored and published. */
  json: string[];
}

/** A row OutboxWriter.insertStatement answers. */
export interface InsertedOutboxRow {
  seq: string;
  event_id: string;
}
