import { Module } from '@nestjs/common';
import { BookingRepository } from './booking.repository';
import { BookingService } from './booking.service';

/** The booking core: places taken, registrations and the waiting list, behind one service and one repository. */
@Module({
  providers: [BookingService, BookingRepository],
  exports: [BookingService],
})
export class BookingModule {}
