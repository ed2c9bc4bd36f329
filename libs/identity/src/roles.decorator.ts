import { SetMetadata } from '@nestjs/common';
import type { Role } from './principal';

export const ROLES_KEY = 'deelwijs:roles';
export const PUBLIC_KEY = 'deelwijs:public';

/** The roles that may call an endpoint. Every endpoint declares roles or @Public(). */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(ROLES_KEY, roles);

/** Open to anyone, without credentials (health, the OpenAPI document). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
