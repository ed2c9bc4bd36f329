import { Module, type DynamicModule } from '@nestjs/common';
import { Mailer } from './mailer';
import type { MailingServiceConfig } from './mailing-service.config';

/** Import in a feature module of a service whose config extends MailingServiceConfig. */
@Module({})
export class MailModule {
  static forRoot(config: MailingServiceConfig): DynamicModule {
    return {
      module: MailModule,
      global: true,
      providers: [{ provide: Mailer, useFactory: () => new Mailer(config) }],
      exports: [Mailer],
    };
  }
}
