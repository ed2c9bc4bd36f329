import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { createEnvelope, parsePayload, type EventContract, type EventEnvelope, type PayloadInputOf, type PayloadOf } from '@deelwijs/contracts';
import { Correlation } from '@deelwijs/observability';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';

export const OUTBOX_CHANNEL = 'deelwijs_outbox';

/**
 * Records an event in the same transaction as the state change it describes. The relay
 * publishes it after the commit; if the transaction rolls back, the event never existed.
 */
@Injectable()
export class OutboxWriter {
  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

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
    });
    // pg_notify inside the transaction is delivered on commit only: the relay wakes exactly
    // when there is something committed to publish.
    await transaction.query(
      `WITH recorded AS (
         INSERT INTO outbox (event_id, subject, envelope) VALUES ($1, $2, $3::jsonb) RETURNING 1
       ) SELECT pg_notify($4, '') FROM recorded`,
      [envelope.eventId, envelope.subject, JSON.stringify(envelope), OUTBOX_CHANNEL],
    );
    return envelope;
  }
}
