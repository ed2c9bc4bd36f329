import { Module } from '@nestjs/common';
import { NetworkModule } from '../network/network.module';
import { ActivityReferencesController } from './activity-references.controller';

@Module({ imports: [NetworkModule], controllers: [ActivityReferencesController] })
export class ActivityReferencesModule {}
