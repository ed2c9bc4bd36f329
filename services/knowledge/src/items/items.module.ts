import { Module } from '@nestjs/common';
import { ProgrammesModule } from '@deelwijs/programme-scope';
import { ItemsController } from './items.controller';
import { ItemsRepository } from './items.repository';
import { ItemsService } from './items.service';

@Module({ imports: [ProgrammesModule], controllers: [ItemsController], providers: [ItemsRepository, ItemsService], exports: [ItemsService] })
export class ItemsModule {}
