import { Module } from '@nestjs/common';
import { ProgrammeEventsController } from './programme-events.controller';
import { ProgrammesRepository } from './programmes.repository';
import { ProgrammesService } from './programmes.service';

/** The programmes read model, fed by reporting's events; items and advices ask it for the programme of their work. */
@Module({
  controllers: [ProgrammeEventsController],
  providers: [ProgrammesService, ProgrammesRepository],
  exports: [ProgrammesService],
})
export class ProgrammesModule {}
