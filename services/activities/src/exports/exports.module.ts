import { Module } from '@nestjs/common';
import { BookingModule } from '../booking/booking.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { ExportsController } from './exports.controller';
import { RegistrationsExportRepository } from './registrations-export.repository';
import { RegistrationsExportService } from './registrations-export.service';

/** CSV and XLSX exports of an activity's registrations for its organiser. */
@Module({
  imports: [PrivacyModule, BookingModule],
  controllers: [ExportsController],
  providers: [RegistrationsExportService, RegistrationsExportRepository],
})
export class ExportsModule {}
