import type { Principal } from '@deelwijs/identity';

export const VISIBILITIES = ['public', 'partners', 'internal'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** Roles that work for the province: they see internal items. */
const STAFF_ROLES = new Set(['admin', 'editor', 'organiser', 'reporter', 'approver']);
/** Roles that see drafts and items in review: those who write and approve knowledge. */
const WRITER_ROLES = new Set(['admin', 'editor']);

/** What a caller may see of the knowledge base. */
export interface Audience {
  visibilities: Visibility[];
  /** Drafts, items in review and archived items, besides published ones. */
  seesUnpublished: boolean;
}

/**
 * Anyone sees public items; any partner organisation also sees items shared with partners;
 * staff see everything published; editors also see what is not (yet, or no longer) published.
 */
export function audienceOf(principal: Principal | undefined): Audience {
  const roles = principal?.roles ?? [];
  if (roles.some((role) => STAFF_ROLES.has(role))) {
    return { visibilities: [...VISIBILITIES], seesUnpublished: roles.some((role) => WRITER_ROLES.has(role)) };
  }
  if (roles.includes('partner')) {
    return { visibilities: ['public', 'partners'], seesUnpublished: false };
  }
  return { visibilities: ['public'], seesUnpublished: false };
}

/** How a principal is named in versions and the audit log: kind and id, never a person's name. */
export function actorOf(principal: Principal | undefined): string {
  return principal ? `${principal.kind}:${principal.id}` : 'anonymous';
}
