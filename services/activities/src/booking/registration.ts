export type RegistrationStatus = 'accepted' | 'waitlisted' | 'cancelled';
export type RegistrationKind = 'individual' | 'group';
export type CancelledBy = 'registrant' | 'partner' | 'organiser' | 'activity-cancelled';

/** A registration as stored. The one place personal data lives: contact fields are erasable and anonymised after retention. */
export interface Registration {
  id: string;
  activityId: string;
  kind: RegistrationKind;
  status: RegistrationStatus;
  /** People it stands for: 1, or a class's pupils. */
  headcount: number;
  /** Places it takes in the activity's capacity unit: the headcount, or 1 group. */
  places: number;
  partnerOrganisationId: string | null;
  externalReference: string | null;
  registeredBy: 'organiser' | 'partner';
  /** Order of arrival (bigint, as text): the waiting list's order. */
  waitlistSeq: string;
  language: 'nl' | 'en';
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  schoolName: string | null;
  className: string | null;
  checkedInAt: Date | null;
  promotedAt: Date | null;
  cancelledAt: Date | null;
  cancelledBy: CancelledBy | null;
  anonymisedAt: Date | null;
  createdAt: Date;
}

/** What a registrant gives; the registrations API's input has this shape. */
export interface RegistrationDetails {
  kind: RegistrationKind;
  headcount?: number;
  contactName: string;
  contactEmail: string;
  contactPhone?: string;
  schoolName?: string;
  className?: string;
  externalReference?: string;
  language?: 'nl' | 'en';
}

/** Who registers: an organiser (or admin) for anyone, or a partner for its own organisation. */
export interface Registrant {
  registeredBy: 'organiser' | 'partner';
  partnerOrganisationId: string | null;
}
