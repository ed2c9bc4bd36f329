import { ROLES } from '@deelwijs/contracts';
import type { Role } from '../principal';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How a provider's access token names a person's roles and organisation. */
export interface ClaimMapping {
  /** A claim name, or a dotted path into nested claims: `roles`, `realm_access.roles`. */
  rolesClaim: string;
  /** A claim (or dotted path) holding the organisation's Deelwijs id, a uuid. */
  organisationClaim: string;
  /**
   * The provider's role names mapped to ours (`Deelwijs.Organiser` → `organiser`). Names not
   * in the map are taken as they are; anything that is not one of our roles is dropped.
   */
  roleMap?: Record<string, Role>;
}

/** Reads `a.b.c` from nested claims; a claim whose own name has dots is found first. */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (path in claims) {
    return claims[path];
  }
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The known roles among the claim's values: a list, or one string of space- or comma-separated names. */
export function rolesFrom(claims: Record<string, unknown>, mapping: ClaimMapping): Role[] {
  const value = claimAt(claims, mapping.rolesClaim);
  const names = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  const roles = new Set<Role>();
  for (const name of names) {
    if (typeof name !== 'string') {
      continue;
    }
    const role = mapping.roleMap?.[name] ?? name;
    if ((ROLES as readonly string[]).includes(role)) {
      roles.add(role as Role);
    }
  }
  return [...roles];
}

/**
 * The organisation's id, only when it is a uuid: the services compare it with their own uuid
 * columns, and a provider that puts a display name there must not reach them.
 */
export function organisationFrom(claims: Record<string, unknown>, mapping: ClaimMapping): string | undefined {
  const value = claimAt(claims, mapping.organisationClaim);
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && UUID.test(first) ? first.toLowerCase() : undefined;
}

/** Parses `theirs=ours,theirs2=ours2` (OIDC_ROLE_MAP); refuses a target that is not one of our roles. */
export function parseRoleMap(text: string | undefined): Record<string, Role> | undefined {
  if (!text || text.trim() === '') {
    return undefined;
  }
  const map: Record<string, Role> = {};
  for (const entry of text.split(',')) {
    const [theirs, ours] = entry.split('=').map((part) => part?.trim());
    if (!theirs || !ours || !(ROLES as readonly string[]).includes(ours)) {
      throw new Error(`role map entry "${entry.trim()}" must be <provider role>=<one of ${ROLES.join(', ')}>`);
    }
    map[theirs] = ours as Role;
  }
  return map;
}
