import { Module } from '@nestjs/common';
import { EvaluationsController } from './evaluations.controller';
import { EvaluationsJobs } from './evaluations.jobs';
import { EvaluationsService } from './evaluations.service';

@Module({ controllers: [EvaluationsController], providers: [EvaluationsService, EvaluationsJobs] })
export class EvaluationsModule {}
