import { Module } from '@nestjs/common';
import { ActivityReferencesRepository } from '../activity-references/activity-references.repository';
import { NetworkEventsController } from './network-events.controller';
import { NetworkProjection } from './network-projection';
import { NetworkController } from './network.controller';
import { NetworkJobs } from './network.jobs';
import { NetworkService } from './network.service';

@Module({
  controllers: [NetworkController, NetworkEventsController],
  providers: [ActivityReferencesRepository, NetworkProjection, NetworkService, NetworkJobs],
  exports: [NetworkProjection, ActivityReferencesRepository],
})
export class NetworkModule {}
