import { Module } from '@nestjs/common';
import { ItemsModule } from '../items/items.module';
import { LessonsLearnedController } from './lessons-learned.controller';

@Module({ imports: [ItemsModule], controllers: [LessonsLearnedController] })
export class LessonsLearnedModule {}
