import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ProgressReportApprovedV1, type PayloadOf } from '@deelwijs/contracts';
import { EventContext, OnEvent } from '@deelwijs/messaging';
import { DeliveryService } from './delivery.service';

/** Reporting's own event: the approval committed, so its report goes out to every subscriber. */
@Controller()
export class DeliveryEventsController {
  constructor(private readonly delivery: DeliveryService) {}

  @OnEvent(ProgressReportApprovedV1)
  approved(@Payload() event: PayloadOf<typeof ProgressReportApprovedV1>, @Ctx() ctx: EventContext) {
    return this.delivery.scheduleDeliveries(ctx.transaction, event.programmeCode, event.period);
  }
}
