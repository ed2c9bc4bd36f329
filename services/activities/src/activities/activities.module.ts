import { Module } from '@nestjs/common';
import { BookingModule } from '../booking/booking.module';
import { ProgrammesModule } from '@deelwijs/programme-scope';
import { ActivitiesController } from './activities.controller';
import { ActivitiesRepository } from './activities.repository';
import { ActivitiesService } from './activities.service';
import { ActivityOutcomesService } from './activity-outcomes.service';

@Module({
  imports: [BookingModule, ProgrammesModule],
  controllers: [ActivitiesController],
  providers: [ActivitiesService, ActivityOutcomesService, ActivitiesRepository],
  exports: [ActivitiesService],
})
export class ActivitiesModule {}
