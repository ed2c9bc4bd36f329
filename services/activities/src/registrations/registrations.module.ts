import { Module } from '@nestjs/common';
import { BookingModule } from '../booking/booking.module';
import { CancelTokensModule } from '../cancel-tokens/cancel-tokens.module';
import { ExportsModule } from '../exports/exports.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsService } from './registrations.service';

/**
 * The registrations API; the booking core does the placing, privacy the audit log of reads.
 * RegistrationsService is exported for features that register the way the API does (bulk
 * with per-item answers, Idempotency-Key), such as imports.
 */
@Module({
  imports: [BookingModule, PrivacyModule, CancelTokensModule, ExportsModule],
  controllers: [RegistrationsController],
  providers: [RegistrationsService],
  exports: [RegistrationsService],
})
export class RegistrationsModule {}
