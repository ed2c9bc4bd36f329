import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const ACTIVITY_STATUSES = ['draft', 'published', 'held', 'closed', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export interface LessonsLearned {
  whatWorked: string;
  whatToChange: string;
  followUp: string;
  language: 'nl' | 'en';
}

const bigintAsNumber = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

@Entity({ name: 'activities' })
export class Activity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'series_id', nullable: true }) seriesId: string | null;
  @Column('text') type: string;
  @Column('text', { name: 'title_nl' }) titleNl: string;
  @Column('text', { name: 'title_en', nullable: true }) titleEn: string | null;
  @Column('text', { name: 'description_nl' }) descriptionNl: string;
  @Column('text', { name: 'description_en', nullable: true }) descriptionEn: string | null;
  @Column('text', { name: 'prestatie_code' }) prestatieCode: string;
  @Column('int', { name: 'action_number', nullable: true }) actionNumber: number | null;
  @Column('uuid', { name: 'organiser_organisation_id', nullable: true }) organiserOrganisationId:
    string | null;
  /** Where attendance reminders go; a work address, kept in this service only and never in events. */
  @Column('text', { name: 'organiser_email', nullable: true }) organiserEmail: string | null;
  @Column('uuid', { name: 'partner_organisation_ids', array: true }) partnerOrganisationIds: string[];
  @Column('boolean', { name: 'open_to_all_partners' }) openToAllPartners: boolean;
  @Column('text', { name: 'venue_name', nullable: true }) venueName: string | null;
  @Column('text', { name: 'venue_address', nullable: true }) venueAddress: string | null;
  @Column('text', { nullable: true }) municipality: string | null;
  @Column('text', { name: 'location_category' }) locationCategory: string;
  @Column('timestamptz', { name: 'starts_at' }) startsAt: Date;
  @Column('timestamptz', { name: 'ends_at' }) endsAt: Date;
  @Column('text', { name: 'capacity_unit' }) capacityUnit: 'people' | 'groups';
  @Column('int', { nullable: true }) capacity: number | null;
  @Column('int', { name: 'places_taken' }) placesTaken: number;
  @Column('bigint', { name: 'planned_cost_cents', nullable: true, transformer: bigintAsNumber })
  plannedCostCents: number | null;
  @Column('bigint', { name: 'actual_cost_cents', nullable: true, transformer: bigintAsNumber })
  actualCostCents: number | null;
  @Column('int', { name: 'cancellation_deadline_hours' }) cancellationDeadlineHours: number;
  @Column('text') status: ActivityStatus;
  @Column('int', { nullable: true }) participants: number | null;
  @Column('jsonb', { nullable: true }) lessons: LessonsLearned | null;
  @Column('text', { name: 'cancel_reason', nullable: true }) cancelReason: string | null;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt: Date | null;
  @Column('timestamptz', { name: 'held_at', nullable: true }) heldAt: Date | null;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
  @Column('timestamptz', { name: 'cancelled_at', nullable: true }) cancelledAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
