import { Module } from '@nestjs/common';
import { BookingModule } from '../booking/booking.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { RegistrationsExportRepository } from './registrations-export.repository';
import { RegistrationsExportService } from './registrations-export.service';

/**
 * CSV and XLSX exports of an activity's registrations for its organiser: the registrations'
 * own representations, asked for with Accept on GET /v1/activities/{activityId}/registrations.
 */
@Module({
  imports: [PrivacyModule, BookingModule],
  providers: [RegistrationsExportService, RegistrationsExportRepository],
  exports: [RegistrationsExportService],
})
export class ExportsModule {}
