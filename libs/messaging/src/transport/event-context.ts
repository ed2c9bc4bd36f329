import { BaseRpcContext } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@deelwijs/contracts';

/**
 * What a handler gets besides the payload: the envelope, and the transaction in which the
 * inbox row is written. Work done through `transaction` commits together with the inbox row,
 * so a redelivered event finds its row and is not applied twice.
 */
export class EventContext extends BaseRpcContext<[EventEnvelope, EntityManager, number]> {
  get envelope(): EventEnvelope {
    return this.args[0];
  }
  get transaction(): EntityManager {
    return this.args[1];
  }
  get deliveryCount(): number {
    return this.args[2];
  }
}
