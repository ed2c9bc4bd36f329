import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module';
import { SeriesController, SeriesService } from './series.controller';

@Module({ imports: [ActivitiesModule], controllers: [SeriesController], providers: [SeriesService] })
export class SeriesModule {}
