import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokenVerifier } from './auth/access-token-verifier';
import { AuthController } from './auth/auth.controller';
import { OidcClient } from './auth/oidc-client';
import { PortalConfig } from './config/portal.config';
import { PortalConfigModule } from './config/portal-config.module';
import { ForwardingService } from './forwarding/forwarding.service';
import { IdentityAdminController } from './identity-admin/identity-admin.controller';
import { IdentityAdminService } from './identity-admin/identity-admin.service';
import { IdentityRecords } from './identity-admin/identity-records';
import { PortalConfigController } from './portal-config/portal-config.controller';
import { SessionController } from './session/session.controller';
import { SessionGate } from './session/session-gate';
import { SessionGuard } from './session/session.guard';
import { SessionService } from './session/session.service';
import { SessionStore } from './session/session.store';

/** The portal: sign-in, sessions, forwarding to the services, identity administration. */
@Global()
@Module({})
export class PortalModule {
  static forRoot(config: PortalConfig): DynamicModule {
    return {
      module: PortalModule,
      imports: [PortalConfigModule.forRoot(config)],
      controllers: [AuthController, SessionController, PortalConfigController, IdentityAdminController],
      providers: [
        OidcClient,
        { provide: AccessTokenVerifier, useFactory: () => new AccessTokenVerifier(config) },
        SessionStore,
        SessionService,
        SessionGate,
        { provide: APP_GUARD, useClass: SessionGuard },
        ForwardingService,
        IdentityRecords,
        IdentityAdminService,
      ],
      exports: [IdentityRecords],
    };
  }
}
