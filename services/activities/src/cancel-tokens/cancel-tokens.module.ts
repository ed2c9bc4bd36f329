import { Module } from '@nestjs/common';
import { ActivitiesConfig } from '../config/activities.config';
import { CancelTokens } from './cancel-tokens';

/**
 * The registrant's link token, made in one place from one secret, so that the link in a mail,
 * the cancellation endpoint and the registrant's erasure agree.
 */
@Module({
  providers: [
    {
      provide: CancelTokens,
      inject: [ActivitiesConfig],
      useFactory: (config: ActivitiesConfig) => new CancelTokens(config.AUTH_JWT_SECRET),
    },
  ],
  exports: [CancelTokens],
})
export class CancelTokensModule {}
