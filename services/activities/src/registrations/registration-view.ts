import type { Registration } from '../booking/registration';
import type { RegistrationView } from './dto/registration.dto';

export function toRegistrationView(
  registration: Registration,
  waitlistPosition: number | null = null,
): RegistrationView {
  return {
    id: registration.id,
    activityId: registration.activityId,
    kind: registration.kind,
    status: registration.status,
    headcount: registration.headcount,
    waitlistPosition: registration.status === 'waitlisted' ? waitlistPosition : null,
    partnerOrganisationId: registration.partnerOrganisationId,
    externalReference: registration.externalReference,
    language: registration.language,
    contactName: registration.contactName,
    contactEmail: registration.contactEmail,
    contactPhone: registration.contactPhone,
    schoolName: registration.schoolName,
    className: registration.className,
    checkedInAt: registration.checkedInAt?.toISOString() ?? null,
    createdAt: registration.createdAt.toISOString(),
  };
}
