import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { AdviceIssuedV1, KnowledgeItemPublishedV1, type PayloadOf } from '@deelwijs/contracts';
import { EventContext, OnEvent } from '@deelwijs/messaging';
import { NetworkProjection } from './network-projection.service';

/**
 * The network learns of published items and issued advices from this service's own events, as
 * any other consumer would: it can be rebuilt from the streams, like every projection.
 */
@Controller()
export class NetworkEventsController {
  constructor(private readonly projection: NetworkProjection) {}

  @OnEvent(KnowledgeItemPublishedV1)
  itemPublished(@Payload() event: PayloadOf<typeof KnowledgeItemPublishedV1>, @Ctx() context: EventContext) {
    return this.projection.itemPublished(context.transaction, event);
  }

  @OnEvent(AdviceIssuedV1)
  adviceIssued(@Payload() event: PayloadOf<typeof AdviceIssuedV1>, @Ctx() context: EventContext) {
    return this.projection.adviceIssued(context.transaction, event);
  }
}
