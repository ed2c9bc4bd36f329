import { Module } from '@nestjs/common';
import { NetworkModule } from '../network/network.module';
import { ActivityReferencesController } from './activity-references.controller';
import { ActivityReferencesRepository } from './activity-references.repository';
import { ActivityReferencesService } from './activity-references.service';

@Module({ imports: [NetworkModule], controllers: [ActivityReferencesController], providers: [ActivityReferencesRepository, ActivityReferencesService] })
export class ActivityReferencesModule {}
