import { Injectable } from '@nestjs/common';
import { HandlesJob } from '@deelwijs/platform';
import { AGGREGATE_ACTIVITY_JOB, EVALUATIONS_QUEUE, EvaluationsService } from './evaluations.service';

@Injectable()
export class EvaluationsJobs {
  constructor(private readonly evaluations: EvaluationsService) {}

  @HandlesJob(EVALUATIONS_QUEUE, AGGREGATE_ACTIVITY_JOB)
  aggregate(data: { activityId: string }) {
    return this.evaluations.aggregateActivity(data.activityId);
  }
}
