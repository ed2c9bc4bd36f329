import type { FactoryProvider } from '@nestjs/common';
import { ActivitiesConfig } from '../config/activities.config';
import { CancelTokens } from '../registrations/cancel-token';

/**
 * The registrant's link token, as the registrations module makes it: the same secret, so a
 * link in a reminder, the cancellation endpoint and the registrant's erasure agree.
 */
export const cancelTokensProvider: FactoryProvider<CancelTokens> = {
  provide: CancelTokens,
  inject: [ActivitiesConfig],
  useFactory: (config: ActivitiesConfig) => new CancelTokens(config.AUTH_JWT_SECRET),
};
