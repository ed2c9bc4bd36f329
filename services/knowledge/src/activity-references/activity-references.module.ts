import { Module } from '@nestjs/common';
import { ActivityReferencesController } from './activity-references.controller';

@Module({ controllers: [ActivityReferencesController] })
export class ActivityReferencesModule {}
