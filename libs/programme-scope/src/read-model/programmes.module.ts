import { Module } from '@nestjs/common';
import { ProgrammeEventsController } from './programme-events.controller';
import { ProgrammesRepository } from './programmes.repository';
import { ProgrammesService } from './programmes.service';

/**
 * The programmes read model, fed by reporting's events: each service that places work in a
 * programme (activities; knowledge's items and advices) imports this module and asks
 * ProgrammesService for the programme of its work. The table (`programmes`) is in the service's
 * own database, created by its own migration.
 */
@Module({
  controllers: [ProgrammeEventsController],
  providers: [ProgrammesService, ProgrammesRepository],
  exports: [ProgrammesService],
})
export class ProgrammesModule {}
