import { Module } from '@nestjs/common';
import { ItemsModule } from '../items/items.module';
import { ProgrammesModule } from '@deelwijs/programme-scope';
import { AdvicesController } from './advices.controller';
import { AdvicesRepository } from './advices.repository';
import { AdvicesService } from './advices.service';

@Module({ imports: [ItemsModule, ProgrammesModule], controllers: [AdvicesController], providers: [AdvicesRepository, AdvicesService] })
export class AdvicesModule {}
