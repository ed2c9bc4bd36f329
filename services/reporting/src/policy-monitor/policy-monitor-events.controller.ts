import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EvaluationAggregatedV1, NetworkComputedV1, type PayloadOf } from '@deelwijs/contracts';
import { EventContext, OnEvent } from '@deelwijs/messaging';
import { PolicyMonitorService } from './policy-monitor.service';

/**
 * The knowledge service's policy monitor figures, kept for 9.1.6's report. Not in the
 * projection table: these are replacements of aggregates (newest wins), not facts to replay,
 * and the rebuild does not know their tables.
 */
@Controller()
export class PolicyMonitorEventsController {
  constructor(private readonly policyMonitor: PolicyMonitorService) {}

  @OnEvent(NetworkComputedV1)
  networkComputed(@Payload() event: PayloadOf<typeof NetworkComputedV1>, @Ctx() ctx: EventContext) {
    return this.policyMonitor.networkComputed(ctx.transaction, event);
  }

  @OnEvent(EvaluationAggregatedV1)
  evaluationAggregated(@Payload() event: PayloadOf<typeof EvaluationAggregatedV1>, @Ctx() ctx: EventContext) {
    return this.policyMonitor.evaluationAggregated(ctx.transaction, event);
  }
}
