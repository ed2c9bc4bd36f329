import { Module } from '@nestjs/common';
import { ActivityProjectionController } from './activity-projection.controller';
import { ProjectionEventsController } from './projection-events.controller';
import { ProjectionRepository } from './projection.repository';
import { Projector } from './projector.service';

/** Facts of activities, registrations, advices and knowledge items, kept up to date from events. */
@Module({
  controllers: [ProjectionEventsController, ActivityProjectionController],
  providers: [Projector, ProjectionRepository],
})
export class ProjectionsModule {}
