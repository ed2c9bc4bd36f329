import { applyDecorators, SetMetadata } from '@nestjs/common';
import type { Role } from './principal';

export const ROLES_KEY = 'deelwijs:roles';
export const PUBLIC_KEY = 'deelwijs:public';
export const IDENTIFY_CALLER_KEY = 'deelwijs:identify-caller';

/** The roles that may call an endpoint. Every endpoint declares roles or @Public(). */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(ROLES_KEY, roles);

/**
 * Open to anyone, without credentials (health, the OpenAPI document). With `identifyCaller`,
 * credentials that are presented are still checked and the principal attached, for routes
 * whose answer depends on who asks (a partner sees more of the knowledge base than the public);
 * presented credentials that fail are refused rather than silently treated as anonymous.
 */
export const Public = (options: { identifyCaller?: boolean } = {}) =>
  options.identifyCaller
    ? applyDecorators(SetMetadata(PUBLIC_KEY, true), SetMetadata(IDENTIFY_CALLER_KEY, true))
    : SetMetadata(PUBLIC_KEY, true);
