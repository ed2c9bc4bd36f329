import { ForbiddenException } from '@nestjs/common';
import type { Principal } from '@deelwijs/identity';
import type { Registrant } from '../booking/registration';

/** Who registers, from the caller: an organiser (or admin) for anyone, or a partner for its own organisation. */
export function registrantOf(principal: Principal): Registrant {
  const staff = principal.roles.some((role) => role === 'organiser' || role === 'admin');
  if (staff) {
    return { registeredBy: 'organiser', partnerOrganisationId: null };
  }
  if (!principal.organisationId) {
    throw new ForbiddenException('A partner registers with an API key of its organisation.');
  }
  return { registeredBy: 'partner', partnerOrganisationId: principal.organisationId };
}
