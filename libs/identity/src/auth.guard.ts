import {
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hashApiKey } from './api-key';
import { ApiKeyStore } from './api-key.store';
import type { Principal, Role } from './principal';
import { IDENTIFY_CALLER_KEY, PUBLIC_KEY, ROLES_KEY } from './roles.decorator';
import { TOKEN_VERIFIER, type TokenVerifier } from './staff-token';

interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/**
 * Applied to every HTTP route. A route that declares neither roles nor @Public() is refused:
 * forgetting the declaration closes the endpoint instead of opening it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyStore,
    @Inject(TOKEN_VERIFIER) private readonly tokens: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') {
      return true;
    }
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) {
      const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
      if (this.reflector.getAllAndOverride<boolean>(IDENTIFY_CALLER_KEY, targets) && hasCredentials(request)) {
        request.principal = await this.authenticate(request);
      }
      return true;
    }
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!allowed || allowed.length === 0) {
      this.logger.error({ msg: 'endpoint declares no roles; refusing', handler: context.getHandler().name });
      throw new ForbiddenException('This endpoint declares no roles and is closed.');
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticate(request);
    if (!principal.roles.some((role) => allowed.includes(role))) {
      throw new ForbiddenException(`Requires one of the roles: ${allowed.join(', ')}.`);
    }
    request.principal = principal;
    return true;
  }

  private async authenticate(request: AuthenticatedRequest): Promise<Principal> {
    const apiKey = header(request, 'x-api-key');
    const authorization = header(request, 'authorization');
    if (apiKey) {
      const principal = await this.keys.findActive(hashApiKey(apiKey));
      if (!principal) {
        throw new UnauthorizedException('The API key is unknown or revoked.');
      }
      return principal;
    }
    const bearer = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
    if (bearer) {
      try {
        return await this.tokens.verify(bearer[1]);
      } catch (error) {
        throw new UnauthorizedException(`The bearer token is not valid: ${(error as Error).message}.`);
      }
    }
    throw new UnauthorizedException('Credentials required: an X-API-Key header or an Authorization: Bearer token.');
  }
}

function hasCredentials(request: AuthenticatedRequest): boolean {
  return Boolean(header(request, 'x-api-key') || header(request, 'authorization'));
}

function header(request: AuthenticatedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
