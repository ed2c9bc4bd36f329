import { Module } from '@nestjs/common';
import { ActivitiesConfig } from '../config/activities.config';
import { PersonalDataAudit } from '../privacy/personal-data-audit';
import { CancelTokens } from './cancel-token';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsService } from './registrations.service';
import { Waitlist } from './waitlist';

@Module({
  controllers: [RegistrationsController],
  providers: [
    RegistrationsService,
    Waitlist,
    IdempotencyInterceptor,
    PersonalDataAudit,
    // Keyed by the service's signing secret, with a purpose prefix so a token is good for nothing else.
    {
      provide: CancelTokens,
      inject: [ActivitiesConfig],
      useFactory: (config: ActivitiesConfig) => new CancelTokens(config.AUTH_JWT_SECRET),
    },
  ],
  exports: [RegistrationsService, Waitlist, CancelTokens],
})
export class RegistrationsModule {}
