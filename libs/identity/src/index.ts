export { IdentityModule } from './identity.module';
export { Roles, Public, ROLES_KEY, PUBLIC_KEY, IDENTIFY_CALLER_KEY } from './roles.decorator';
export { CurrentPrincipal, type Principal, type Role } from './principal';
export { generateApiKey, hashApiKey } from './api-key';
export { signStaffToken, HmacTokenVerifier, TOKEN_VERIFIER, type TokenVerifier } from './staff-token';
export { IdentityTables1763800000100 } from './migrations/1763800000100-identity-tables';
export { IdentityAdmin } from './admin/identity-admin';
