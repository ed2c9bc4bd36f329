import type { Role } from '../principal';

/**
 * The demo partner organisation. Its id is fixed, so that the embedded OpenID provider's
 * partner account, the IDENTITY stream and the activities opened to ProDemos agree across
 * restarts; the provider registers it when the stream does not hold it yet.
 */
export const DEMO_PARTNER_ORGANISATION = { organisationId: '6f0c2a8e-3b1d-4e7a-9c55-0d2b8f4a7e11', name: 'ProDemos' } as const;

export interface DemoAccount {
  username: string;
  /** The OpenID subject. */
  subject: string;
  name: string;
  email: string;
  roles: Role[];
  organisationId?: string;
}

/** One account per role, for the embedded OpenID provider (development, demos and tests only). */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = Object.freeze([
  { username: 'organisator', subject: 'demo-organisator', name: 'Olga Organisator', email: 'organisator@demo.deelwijs.nl', roles: ['organiser'] },
  {
    username: 'partner',
    subject: 'demo-partner',
    name: 'Pieter Partner',
    email: 'partner@demo.deelwijs.nl',
    roles: ['partner'],
    organisationId: DEMO_PARTNER_ORGANISATION.organisationId,
  },
  { username: 'rapporteur', subject: 'demo-rapporteur', name: 'Rana Rapporteur', email: 'rapporteur@demo.deelwijs.nl', roles: ['reporter'] },
  { username: 'goedkeurder', subject: 'demo-goedkeurder', name: 'Gijs Goedkeurder', email: 'goedkeurder@demo.deelwijs.nl', roles: ['approver'] },
  { username: 'beheerder', subject: 'demo-beheerder', name: 'Bea Beheerder', email: 'beheerder@demo.deelwijs.nl', roles: ['admin'] },
  { username: 'privacy', subject: 'demo-privacy', name: 'Pim Privacy', email: 'privacy@demo.deelwijs.nl', roles: ['privacy-officer'] },
] satisfies DemoAccount[]);
