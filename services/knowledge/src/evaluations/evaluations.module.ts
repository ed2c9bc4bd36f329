import { Module } from '@nestjs/common';
import { EvaluationsController } from './evaluations.controller';
import { EvaluationsJobs } from './evaluations.jobs';
import { EvaluationsRepository } from './evaluations.repository';
import { EvaluationsService } from './evaluations.service';

@Module({ controllers: [EvaluationsController], providers: [EvaluationsRepository, EvaluationsService, EvaluationsJobs] })
export class EvaluationsModule {}
