import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EvaluationAggregatedV1, NetworkComputedV1, PayloadOf } from '@deelwijs/contracts';
import { PolicyMonitorRepository } from './policy-monitor.repository';

/**
 * Keeps the knowledge service's policy monitor figures (network per period, evaluation
 * aggregates per scope and period) for the reports of prestaties marked `policyMonitor`.
 * Each event is applied in the inbox's transaction; the newest computation per key wins.
 */
@Injectable()
export class PolicyMonitorService {
  constructor(private readonly repository: PolicyMonitorRepository) {}

  networkComputed(tx: EntityManager, event: PayloadOf<typeof NetworkComputedV1>): Promise<void> {
    return this.repository.saveNetwork(tx, event);
  }

  /**
   * An aggregate names its subject by its scope: the activity for `activity`, the prestatie for
   * `prestatie`. One without its subject cannot be placed in any report and is not kept.
   */
  async evaluationAggregated(tx: EntityManager, event: PayloadOf<typeof EvaluationAggregatedV1>): Promise<void> {
    const subject = event.scope === 'activity' ? event.activityId : event.prestatieCode;
    if (!subject) {
      return;
    }
    await this.repository.saveEvaluation(tx, {
      scope: event.scope,
      subject,
      period: event.period,
      computedAt: event.computedAt,
      responses: event.responses,
      averages: event.averages,
    });
  }
}
