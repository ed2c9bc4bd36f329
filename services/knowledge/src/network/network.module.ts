import { Module } from '@nestjs/common';
import { NetworkComputation } from './network-computation.service';
import { NetworkEventsController } from './network-events.controller';
import { NetworkProjection } from './network-projection.service';
import { NetworkController } from './network.controller';
import { NetworkJobs } from './network.jobs';
import { NetworkRepository } from './network.repository';
import { NetworkService } from './network.service';

@Module({
  controllers: [NetworkController, NetworkEventsController],
  providers: [NetworkRepository, NetworkProjection, NetworkComputation, NetworkService, NetworkJobs],
  exports: [NetworkProjection],
})
export class NetworkModule {}
