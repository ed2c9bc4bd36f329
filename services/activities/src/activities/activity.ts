export const ACTIVITY_STATUSES = ['draft', 'published', 'held', 'closed', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export interface LessonsLearned {
  whatWorked: string;
  whatToChange: string;
  followUp: string;
  language: 'nl' | 'en';
}

/** An activity as stored (table `activities`). */
export interface Activity {
  id: string;
  seriesId: string | null;
  type: string;
  titleNl: string;
  titleEn: string | null;
  descriptionNl: string;
  descriptionEn: string | null;
  /** The programme the activity counts in; null: the default programme of its period (older rows). */
  programmeCode: string | null;
  /** The programme was left out: the default of the period of its start, which a move to another period changes. */
  programmeByDefault: boolean;
  prestatieCode: string;
  actionNumber: number | null;
  organiserOrganisationId: string | null;
  /** Where attendance reminders go; a work address, kept in this service only and never in events. */
  organiserEmail: string | null;
  partnerOrganisationIds: string[];
  openToAllPartners: boolean;
  venueName: string | null;
  venueAddress: string | null;
  municipality: string | null;
  locationCategory: string;
  startsAt: Date;
  endsAt: Date;
  capacityUnit: 'people' | 'groups';
  capacity: number | null;
  /** Owned by the booking core, which alone writes it; read here for the view. */
  placesTaken: number;
  plannedCostCents: number | null;
  actualCostCents: number | null;
  cancellationDeadlineHours: number;
  status: ActivityStatus;
  participants: number | null;
  /** Groups reached as stated at close; null: the checked-in groups count. */
  groups: number | null;
  lessons: LessonsLearned | null;
  cancelReason: string | null;
  publishedAt: Date | null;
  heldAt: Date | null;
  closedAt: Date | null;
  cancelledAt: Date | null;
  updatedAt: Date;
}

/** The columns the activities feature writes: everything but the booking core's places taken. */
export type ActivityChanges = Partial<Omit<Activity, 'id' | 'placesTaken'>>;

/** A change that rewrites an activity's history, written down with who made it and why. */
export interface ActivityAuditEntry {
  at: Date;
  action: 'moved-into-the-past';
  actorKind: string;
  actorId: string;
  actorOrganisationId: string | null;
  reason: string;
  details: Record<string, unknown>;
}
