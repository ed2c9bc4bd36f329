import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyStore } from './api-key.store';
import { AuthGuard } from './auth.guard';
import { IdentityEventsController } from './identity-events.controller';
import { HmacTokenVerifier, TOKEN_VERIFIER } from './staff-token';

@Module({})
export class IdentityModule {
  static forRoot(options: { jwtSecret: string }): DynamicModule {
    return {
      module: IdentityModule,
      controllers: [IdentityEventsController],
      providers: [
        ApiKeyStore,
        { provide: TOKEN_VERIFIER, useValue: new HmacTokenVerifier(options.jwtSecret) },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}
