import { Module } from '@nestjs/common';
import { ActivityProjectionController } from './activity-projection.controller';
import { ActivityTypeCountsRepository } from './activity-type-counts.repository';

@Module({
  controllers: [ActivityProjectionController],
  providers: [ActivityTypeCountsRepository],
})
export class ProjectionsModule {}
