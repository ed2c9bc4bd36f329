import { Controller, Get, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ROLES } from '@deelwijs/contracts';
import { Roles, type Role } from '@deelwijs/identity';
import { PersonalData } from '@deelwijs/platform';
import type { PortalRequest } from './session.guard';
import { SessionService } from './session.service';
import type { SessionUser } from './session.store';

const ANY_ROLE = ROLES as unknown as [Role, ...Role[]];

@ApiExcludeController()
@Controller('api/session')
export class SessionController {
  constructor(private readonly sessions: SessionService) {}

  /** Who is signed in, the CSRF token for state-changing calls, and when the session ends unless used. */
  @Roles(...ANY_ROLE)
  @PersonalData()
  @Get()
  current(@Req() request: PortalRequest): { user: SessionUser; csrfToken: string; expiresAt: string } {
    const { session } = request.portalSession!;
    return { user: session.user, csrfToken: session.csrfToken, expiresAt: new Date(this.sessions.expiresAt(session)).toISOString() };
  }
}
