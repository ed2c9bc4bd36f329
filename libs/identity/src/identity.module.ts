import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyStore } from './api-key.store';
import { AuthGuard } from './auth.guard';
import { IdentityEventsController } from './identity-events.controller';
import { OidcTokenVerifier, type OidcVerifierOptions } from './oidc/oidc-token-verifier';
import { StaffOrProviderTokenVerifier } from './oidc/token-verifiers';
import { HmacTokenVerifier, TOKEN_VERIFIER, type TokenVerifier } from './staff-token';

export interface IdentityOptions {
  jwtSecret: string;
  /** The OpenID provider whose access tokens are accepted beside the staff tokens. */
  oidc?: OidcVerifierOptions;
}

@Module({})
export class IdentityModule {
  static forRoot(options: IdentityOptions): DynamicModule {
    return {
      module: IdentityModule,
      controllers: [IdentityEventsController],
      providers: [
        ApiKeyStore,
        { provide: TOKEN_VERIFIER, useValue: tokenVerifier(options) },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}

export function tokenVerifier(options: IdentityOptions): TokenVerifier {
  const staff = new HmacTokenVerifier(options.jwtSecret);
  return options.oidc ? new StaffOrProviderTokenVerifier(staff, new OidcTokenVerifier(options.oidc)) : staff;
}
