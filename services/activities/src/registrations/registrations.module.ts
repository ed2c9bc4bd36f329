import { Module } from '@nestjs/common';
import { PrivacyModule } from '../privacy/privacy.module';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsService } from './registrations.service';
import { Waitlist } from './waitlist';

@Module({
  // Privacy provides the audit log of personal-data reads and the registrant's link tokens.
  imports: [PrivacyModule],
  controllers: [RegistrationsController],
  providers: [RegistrationsService, Waitlist, IdempotencyInterceptor],
  exports: [RegistrationsService, Waitlist],
})
export class RegistrationsModule {}
