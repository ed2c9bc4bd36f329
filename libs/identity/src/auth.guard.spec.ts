import 'reflect-metadata';
import { ForbiddenException, Logger, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { createHash } from 'node:crypto';
import { hashApiKey } from './api-key';
import type { ApiKeyStore } from './api-key.store';
import { AuthGuard } from './auth.guard';
import type { Principal } from './principal';
import { PUBLIC_KEY, Public, ROLES_KEY, Roles } from './roles.decorator';
import { HmacTokenVerifier, signStaffToken, type TokenVerifier } from './staff-token';

class ActivitiesController {
  @Public()
  health() {}

  @Public({ identifyCaller: true })
  search() {}

  @Roles('editor', 'organiser')
  update() {}

  @Roles('admin')
  adminOnly() {}

  forgotten() {}

  @SetMetadata(ROLES_KEY, [])
  emptyRoles() {}
}

@Public()
class PublicController {
  document() {}
}

@Roles('reporter')
class ReportsController {
  list() {}

  @Roles('admin')
  purge() {}
}

interface FakeRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

const KEY_PRINCIPAL: Principal = {
  kind: 'api-key',
  id: 'key-1',
  organisationId: 'org-1',
  roles: ['partner', 'editor'],
};
const STAFF_PRINCIPAL: Principal = { kind: 'staff', id: 'staff-1', roles: ['organiser'] };

function setup() {
  const findActive = jest.fn<Promise<Principal | undefined>, [string]>().mockResolvedValue(undefined);
  const verify = jest.fn<Principal, [string]>().mockImplementation(() => {
    throw new Error('invalid signature');
  });
  const keys = { findActive } as unknown as ApiKeyStore;
  const tokens: TokenVerifier = { verify };
  const guard = new AuthGuard(new Reflector(), keys, tokens);
  return { guard, findActive, verify };
}

function httpContext<C extends object>(
  controller: new () => C,
  method: keyof C & string,
  headers: FakeRequest['headers'] = {},
) {
  const request: FakeRequest = { headers };
  const context = new ExecutionContextHost(
    [request, {}],
    controller,
    controller.prototype[method] as Function,
  );
  return { context, request };
}

describe('AuthGuard', () => {
  beforeAll(() => {
    // The guard logs an error for undeclared routes; keep the test output clean.
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterAll(() => {
    jest.restoreAllMocks();
  });

  describe('route declarations', () => {
    it('lets anyone call a @Public() route, without looking at credentials', async () => {
      const { guard, findActive, verify } = setup();
      const { context, request } = httpContext(ActivitiesController, 'health');

      await expect(guard.canActivate(context)).resolves.toBe(true);
      expect(findActive).not.toHaveBeenCalled();
      expect(verify).not.toHaveBeenCalled();
      expect(request.principal).toBeUndefined();
    });

    it('attaches the principal on a @Public({ identifyCaller }) route when credentials are presented', async () => {
      const { guard, findActive } = setup();
      findActive.mockResolvedValue(KEY_PRINCIPAL);
      const anonymous = httpContext(ActivitiesController, 'search');
      const identified = httpContext(ActivitiesController, 'search', { 'x-api-key': 'dw_partner' });

      await expect(guard.canActivate(anonymous.context)).resolves.toBe(true);
      await expect(guard.canActivate(identified.context)).resolves.toBe(true);
      expect(anonymous.request.principal).toBeUndefined();
      expect(identified.request.principal).toEqual(KEY_PRINCIPAL);
    });

    it('refuses presented credentials that fail on a @Public({ identifyCaller }) route, rather than answering as to anyone', async () => {
      const { guard } = setup();
      const { context } = httpContext(ActivitiesController, 'search', { authorization: 'Bearer forged' });

      await expect(guard.canActivate(context)).rejects.toBeInstanceOf(UnauthorizedException);
    });

    it('treats every route of a @Public() controller as public', async () => {
      const { guard } = setup();

      await expect(guard.canActivate(httpContext(PublicController, 'document').context)).resolves.toBe(true);
    });

    it('refuses a route that declares neither roles nor @Public(), even with valid credentials', async () => {
      const { guard, findActive } = setup();
      findActive.mockResolvedValue(KEY_PRINCIPAL);
      const { context } = httpContext(ActivitiesController, 'forgotten', { 'x-api-key': 'dwk_valid' });

      await expect(guard.canActivate(context)).rejects.toThrow(ForbiddenException);
      expect(findActive).not.toHaveBeenCalled();
    });

    it('refuses a route that declares an empty role list', async () => {
      const { guard } = setup();

      await expect(
        guard.canActivate(httpContext(ActivitiesController, 'emptyRoles').context),
      ).rejects.toThrow(ForbiddenException);
    });

    it('uses the roles of the controller when the route declares none of its own', async () => {
      const { guard, verify } = setup();
      verify.mockReturnValue({ kind: 'staff', id: 's', roles: ['reporter'] });

      await expect(
        guard.canActivate(httpContext(ReportsController, 'list', { authorization: 'Bearer t' }).context),
      ).resolves.toBe(true);
    });

    it("lets the route's roles override the controller's roles", async () => {
      const { guard, verify } = setup();
      verify.mockReturnValue({ kind: 'staff', id: 's', roles: ['reporter'] });

      await expect(
        guard.canActivate(httpContext(ReportsController, 'purge', { authorization: 'Bearer t' }).context),
      ).rejects.toThrow(ForbiddenException);
    });

    it('also honours metadata set directly with the PUBLIC_KEY', async () => {
      const { guard } = setup();
      const handler = function raw() {};
      Reflect.defineMetadata(PUBLIC_KEY, true, handler);

      await expect(
        guard.canActivate(new ExecutionContextHost([{ headers: {} }], ActivitiesController, handler)),
      ).resolves.toBe(true);
    });
  });

  describe('credentials', () => {
    it('answers 401 when a protected route is called without credentials', async () => {
      const { guard } = setup();

      await expect(guard.canActivate(httpContext(ActivitiesController, 'update').context)).rejects.toThrow(
        UnauthorizedException,
      );
    });

    it('answers 401 for an Authorization header that is not a bearer token', async () => {
      const { guard, verify } = setup();
      const { context } = httpContext(ActivitiesController, 'update', {
        authorization: 'Basic dXNlcjpwYXNz',
      });

      await expect(guard.canActivate(context)).rejects.toThrow(UnauthorizedException);
      expect(verify).not.toHaveBeenCalled();
    });

    it('looks an API key up by its SHA-256 hash, never by the key itself', async () => {
      const { guard, findActive } = setup();
      findActive.mockResolvedValue(KEY_PRINCIPAL);
      const key = 'dwk_presented-key';

      await guard.canActivate(httpContext(ActivitiesController, 'update', { 'x-api-key': key }).context);

      expect(findActive).toHaveBeenCalledTimes(1);
      expect(findActive).toHaveBeenCalledWith(createHash('sha256').update(key).digest('hex'));
      expect(findActive.mock.calls[0][0]).toBe(hashApiKey(key));
      expect(findActive.mock.calls[0][0]).not.toContain(key);
    });

    it('admits an active API key with a permitted role and attaches its principal to the request', async () => {
      const { guard, findActive } = setup();
      findActive.mockResolvedValue(KEY_PRINCIPAL);
      const { context, request } = httpContext(ActivitiesController, 'update', { 'x-api-key': 'dwk_k' });

      await expect(guard.canActivate(context)).resolves.toBe(true);
      expect(request.principal).toEqual(KEY_PRINCIPAL);
    });

    it('uses the first X-API-Key when the header is repeated', async () => {
      const { guard, findActive } = setup();
      findActive.mockResolvedValue(KEY_PRINCIPAL);

      await guard.canActivate(
        httpContext(ActivitiesController, 'update', { 'x-api-key': ['dwk_first', 'dwk_second'] }).context,
      );

      expect(findActive).toHaveBeenCalledWith(hashApiKey('dwk_first'));
    });

    it('answers 401 for an unknown or revoked API key (the store finds no active key)', async () => {
      const { guard, findActive } = setup();
      findActive.mockResolvedValue(undefined);
      const { context, request } = httpContext(ActivitiesController, 'update', {
        'x-api-key': 'dwk_revoked',
      });

      await expect(guard.canActivate(context)).rejects.toThrow(UnauthorizedException);
      expect(request.principal).toBeUndefined();
    });

    it('prefers the API key when both an API key and a bearer token are sent', async () => {
      const { guard, findActive, verify } = setup();
      findActive.mockResolvedValue(KEY_PRINCIPAL);
      const { context, request } = httpContext(ActivitiesController, 'update', {
        'x-api-key': 'dwk_k',
        authorization: 'Bearer t',
      });

      await guard.canActivate(context);

      expect(verify).not.toHaveBeenCalled();
      expect(request.principal?.kind).toBe('api-key');
    });

    it('passes the bearer token without its scheme to the verifier and admits a permitted role', async () => {
      const { guard, verify } = setup();
      verify.mockReturnValue(STAFF_PRINCIPAL);
      const { context, request } = httpContext(ActivitiesController, 'update', {
        authorization: 'Bearer the.jwt.token ',
      });

      await expect(guard.canActivate(context)).resolves.toBe(true);
      expect(verify).toHaveBeenCalledWith('the.jwt.token');
      expect(request.principal).toEqual(STAFF_PRINCIPAL);
    });

    it('answers 401 with the reason when the verifier rejects the token', async () => {
      const { guard } = setup();
      const { context } = httpContext(ActivitiesController, 'update', { authorization: 'Bearer forged' });

      const error = await guard.canActivate(context).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(UnauthorizedException);
      expect((error as Error).message).toContain('invalid signature');
    });
  });

  describe('roles', () => {
    it('answers 403 when an authenticated caller has none of the required roles', async () => {
      const { guard, findActive } = setup();
      findActive.mockResolvedValue(KEY_PRINCIPAL);
      const { context, request } = httpContext(ActivitiesController, 'adminOnly', { 'x-api-key': 'dwk_k' });

      const error = await guard.canActivate(context).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ForbiddenException);
      expect((error as Error).message).toContain('admin');
      expect(request.principal).toBeUndefined();
    });

    it('admits a caller holding any one of several permitted roles', async () => {
      const { guard, verify } = setup();
      verify.mockReturnValue({ kind: 'staff', id: 's', roles: ['reporter', 'organiser'] });

      await expect(
        guard.canActivate(httpContext(ActivitiesController, 'update', { authorization: 'Bearer t' }).context),
      ).resolves.toBe(true);
    });
  });

  describe('non-HTTP contexts', () => {
    it('lets event handlers (rpc) through without credentials or declarations', async () => {
      const { guard, findActive, verify } = setup();
      const context = new ExecutionContextHost(
        [{ some: 'payload' }, {}],
        ActivitiesController,
        ActivitiesController.prototype.forgotten,
      );
      context.setType('rpc');

      await expect(guard.canActivate(context)).resolves.toBe(true);
      expect(findActive).not.toHaveBeenCalled();
      expect(verify).not.toHaveBeenCalled();
    });
  });

  describe('with the real HmacTokenVerifier', () => {
    const secret = 'guard-test-secret-with-at-least-32-chars';

    it('admits a signed staff token with a permitted role and refuses one signed with another secret', async () => {
      const guard = new AuthGuard(
        new Reflector(),
        { findActive: jest.fn() } as unknown as ApiKeyStore,
        new HmacTokenVerifier(secret),
      );
      const good = signStaffToken(secret, { subject: 'staff-9', roles: ['editor'] });
      const bad = signStaffToken(`${secret}-other`, { subject: 'staff-9', roles: ['editor'] });

      const admitted = httpContext(ActivitiesController, 'update', { authorization: `Bearer ${good}` });
      await expect(guard.canActivate(admitted.context)).resolves.toBe(true);
      expect(admitted.request.principal).toMatchObject({ kind: 'staff', id: 'staff-9', roles: ['editor'] });

      await expect(
        guard.canActivate(
          httpContext(ActivitiesController, 'update', { authorization: `Bearer ${bad}` }).context,
        ),
      ).rejects.toThrow(UnauthorizedException);
    });
  });
});
