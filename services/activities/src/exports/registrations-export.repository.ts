import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface ExportRow {
  id: string;
  status: string;
  kind: string;
  headcount: number;
  places: number;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  school_name: string | null;
  class_name: string | null;
  language: string;
  registered_by: string;
  partner_organisation_id: string | null;
  external_reference: string | null;
  created_at: Date;
  checked_in_at: Date | null;
  cancelled_at: Date | null;
  anonymised_at: Date | null;
}

/** The exports' reads: an activity's organiser and its registrations with the registrants' details. */
@Injectable()
export class RegistrationsExportRepository {
  /** The activity's organising organisation (null: none named); undefined when there is no such activity. */
  async organiserOf(
    db: EntityManager,
    activityId: string,
  ): Promise<{ organisationId: string | null } | undefined> {
    const [activity] = (await db.query(
      `SELECT organiser_organisation_id AS "organisationId" FROM activities WHERE id = $1`,
      [activityId],
    )) as Array<{ organisationId: string | null }>;
    return activity;
  }

  /** Every registration of the activity, in order of arrival. */
  async rows(db: EntityManager, activityId: string): Promise<ExportRow[]> {
    return (await db.query(
      `SELECT id, status, kind, headcount, places, contact_name, contact_email, contact_phone, school_name, class_name,
              language, registered_by, partner_organisation_id, external_reference, created_at, checked_in_at, cancelled_at, anonymised_at
         FROM registrations WHERE activity_id = $1 ORDER BY created_at, waitlist_seq`,
      [activityId],
    )) as ExportRow[];
  }
}
