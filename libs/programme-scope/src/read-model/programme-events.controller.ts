import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ProgrammePublishedV1, ProgrammeWithdrawnV1, type PayloadOf } from '@deelwijs/contracts';
import { EventContext, OnEvent } from '@deelwijs/messaging';
import { ProgrammesService } from './programmes.service';

/** Reporting's programme events in: the local read model of programmes. */
@Controller()
export class ProgrammeEventsController {
  constructor(private readonly programmes: ProgrammesService) {}

  @OnEvent(ProgrammePublishedV1)
  published(@Payload() event: PayloadOf<typeof ProgrammePublishedV1>, @Ctx() ctx: EventContext): Promise<void> {
    return this.programmes.published(ctx.transaction, event);
  }

  @OnEvent(ProgrammeWithdrawnV1)
  withdrawn(@Payload() event: PayloadOf<typeof ProgrammeWithdrawnV1>, @Ctx() ctx: EventContext): Promise<void> {
    return this.programmes.withdrawn(ctx.transaction, event);
  }
}
