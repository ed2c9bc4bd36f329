import { ForbiddenException, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { PUBLIC_KEY, ROLES_KEY, type Principal, type Role } from '@deelwijs/identity';
import type { ActiveSession } from './session.service';
import { SessionGate } from './session-gate';

export type PortalRequest = FastifyRequest & { principal?: Principal; portalSession?: ActiveSession };

/**
 * The portal's routes declare @Public() or @Roles() as the services' do; a declared route
 * needs a live session (and CSRF for state-changing calls) and one of the roles.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  private readonly logger = new Logger(SessionGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly gate: SessionGate,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) {
      return true;
    }
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!allowed || allowed.length === 0) {
      this.logger.error({ msg: 'endpoint declares no roles; refusing', handler: context.getHandler().name });
      throw new ForbiddenException('This endpoint declares no roles and is closed.');
    }
    const request = context.switchToHttp().getRequest<PortalRequest>();
    const active = await this.gate.admit(request.method, request.headers);
    const principal = SessionGate.principalOf(active);
    if (!principal.roles.some((role) => allowed.includes(role))) {
      throw new ForbiddenException(`Requires one of the roles: ${allowed.join(', ')}.`);
    }
    request.portalSession = active;
    request.principal = principal;
    return true;
  }
}
