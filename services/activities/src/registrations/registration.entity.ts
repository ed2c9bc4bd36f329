import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type RegistrationStatus = 'accepted' | 'waitlisted' | 'cancelled';
export type CancelledBy = 'registrant' | 'partner' | 'organiser' | 'activity-cancelled';

/** The one place personal data lives: contact fields are erasable and anonymised after retention. */
@Entity({ name: 'registrations' })
export class Registration {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'activity_id' }) activityId: string;
  @Column('text') kind: 'individual' | 'group';
  @Column('text') status: RegistrationStatus;
  /** People it stands for: 1, or a class's pupils. */
  @Column('int') headcount: number;
  /** Places it takes in the activity's capacity unit: the headcount, or 1 group. */
  @Column('int') places: number;
  @Column('uuid', { name: 'partner_organisation_id', nullable: true }) partnerOrganisationId: string | null;
  @Column('text', { name: 'external_reference', nullable: true }) externalReference: string | null;
  @Column('text', { name: 'registered_by' }) registeredBy: 'organiser' | 'partner';
  @Column({ type: 'bigint', name: 'waitlist_seq', insert: false, update: false }) waitlistSeq: string;
  @Column('text') language: 'nl' | 'en';
  @Column('text', { name: 'contact_name', nullable: true }) contactName: string | null;
  @Column('text', { name: 'contact_email', nullable: true }) contactEmail: string | null;
  @Column('text', { name: 'contact_phone', nullable: true }) contactPhone: string | null;
  @Column('text', { name: 'school_name', nullable: true }) schoolName: string | null;
  @Column('text', { name: 'class_name', nullable: true }) className: string | null;
  @Column('timestamptz', { name: 'checked_in_at', nullable: true }) checkedInAt: Date | null;
  @Column('timestamptz', { name: 'promoted_at', nullable: true }) promotedAt: Date | null;
  @Column('timestamptz', { name: 'cancelled_at', nullable: true }) cancelledAt: Date | null;
  @Column('text', { name: 'cancelled_by', nullable: true }) cancelledBy: CancelledBy | null;
  @Column('timestamptz', { name: 'anonymised_at', nullable: true }) anonymisedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
}
