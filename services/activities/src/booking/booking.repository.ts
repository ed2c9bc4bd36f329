import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxWriter, type InsertedOutboxRow, type PreparedEvents } from '@deelwijs/messaging';
import { updatedRows } from '../shared/updated-rows';
import type { ActivityUnderLock, BookableActivity } from './placement';
import type { CancelledBy, Registrant, Registration } from './registration';

/** A registration that holds or waits for a place, as the waiting list and the cancellation events need it. */
export interface PlaceHolder {
  id: string;
  places: number;
  headcount: number;
  kind: Registration['kind'];
  partnerOrganisationId: string | null;
}

const BOOKABLE_ACTIVITY = `id, status, starts_at AS "startsAt", capacity_unit AS "capacityUnit", capacity,
  places_taken AS "placesTaken", partner_organisation_ids AS "partnerOrganisationIds",
  open_to_all_partners AS "openToAllPartners", cancellation_deadline_hours AS "cancellationDeadlineHours"`;

const REGISTRATION = `id, activity_id AS "activityId", kind, status, headcount, places,
  partner_organisation_id AS "partnerOrganisationId", external_reference AS "externalReference",
  registered_by AS "registeredBy", waitlist_seq AS "waitlistSeq", language, contact_name AS "contactName",
  contact_email AS "contactEmail", contact_phone AS "contactPhone", school_name AS "schoolName",
  class_name AS "className", checked_in_at AS "checkedInAt", promoted_at AS "promotedAt",
  cancelled_at AS "cancelledAt", cancelled_by AS "cancelledBy", anonymised_at AS "anonymisedAt",
  created_at AS "createdAt"`;

/**
 * All SQL of the booking core: the activity's places taken, its registrations' booking state
 * (accepted, waitlisted, cancelled, checked in) and the waiting list. The only writer of
 * `activities.places_taken` and of a registration's status. Every method runs in the
 * transaction whose manager it is given; the callers hold the activity's row lock where a
 * method says so.
 */
@Injectable()
export class BookingRepository {
  /**
   * Locks the activities (in id order, so concurrent bulks cannot deadlock), then in one more
   * statement counts who waits for each and finds the registrations the partner already made
   * under the given references (reference → registration id). Read after the lock is held, in
   * a statement of their own: a subquery beside FOR UPDATE would see the snapshot from before
   * the wait, missing what the lock holder waitlisted or registered.
   */
  async lockForBooking(
    db: EntityManager,
    activityIds: string[],
    references?: { partnerOrganisationId: string; references: string[] },
  ): Promise<{ locked: Map<string, ActivityUnderLock>; existing: Map<string, string> }> {
    const locked = new Map<string, ActivityUnderLock>();
    const existing = new Map<string, string>();
    if (activityIds.length === 0) {
      return { locked, existing };
    }
    const activities = (await db.query(
      `SELECT ${BOOKABLE_ACTIVITY} FROM activities WHERE id = ANY ($1) ORDER BY id FOR UPDATE`,
      [activityIds],
    )) as BookableActivity[];
    const rows = (await db.query(
      `SELECT activity_id::text AS key, count(*)::int AS waiting, NULL::uuid AS id FROM registrations
        WHERE activity_id = ANY ($1) AND status = 'waitlisted' GROUP BY activity_id
       UNION ALL
       SELECT external_reference, NULL, id FROM registrations
        WHERE $2::uuid IS NOT NULL AND partner_organisation_id = $2 AND external_reference = ANY ($3)`,
      [activityIds, references?.partnerOrganisationId ?? null, references?.references ?? []],
    )) as Array<{ key: string; waiting: number | null; id: string | null }>;
    const waitingBy = new Map<string, number>();
    for (const row of rows) {
      if (row.id === null) {
        waitingBy.set(row.key, row.waiting!);
      } else {
        existing.set(row.key, row.id);
      }
    }
    for (const activity of activities) {
      locked.set(activity.id, { activity, waiting: waitingBy.get(activity.id) ?? 0 });
    }
    return { locked, existing };
  }

  /** One activity under its row lock (FOR UPDATE), or FOR SHARE where only its status must hold still. */
  async lockActivity(
    db: EntityManager,
    activityId: string,
    mode: 'update' | 'share' = 'update',
  ): Promise<BookableActivity | undefined> {
    const [activity] = (await db.query(
      `SELECT ${BOOKABLE_ACTIVITY} FROM activities WHERE id = $1 FOR ${mode === 'update' ? 'UPDATE' : 'SHARE'}`,
      [activityId],
    )) as BookableActivity[];
    return activity;
  }

  /** The activity as booking sees it, without a lock: for reads. */
  async findActivity(db: EntityManager, activityId: string): Promise<BookableActivity | undefined> {
    const [activity] = (await db.query(`SELECT ${BOOKABLE_ACTIVITY} FROM activities WHERE id = $1`, [
      activityId,
    ])) as BookableActivity[];
    return activity;
  }

  /**
   * Writes placed registrations, the places the accepted ones take and their events in one
   * statement (one round trip): a multi-row INSERT, an UPDATE of the activities' counts and the
   * outbox INSERT, as data-modifying WITH queries. The caller holds the activities' row locks.
   * Answers the outbox rows, for OutboxWriter.recorded.
   */
  async insertPlaced(
    db: EntityManager,
    registrant: Registrant,
    registrations: Registration[],
    events: PreparedEvents,
  ): Promise<InsertedOutboxRow[]> {
    if (registrations.length === 0) {
      return [];
    }
    const column = <T>(pick: (registration: Registration) => T) => registrations.map(pick);
    const taken = new Map<string, number>();
    for (const registration of registrations) {
      if (registration.status === 'accepted') {
        taken.set(registration.activityId, (taken.get(registration.activityId) ?? 0) + registration.places);
      }
    }
    return (await db.query(
      `WITH registered AS (
         INSERT INTO registrations (id, activity_id, kind, status, headcount, places, partner_organisation_id,
                                    external_reference, registered_by, language, contact_name, contact_email,
                                    contact_phone, school_name, class_name)
         SELECT id, activity_id, kind, status, headcount, places, $7::uuid, external_reference, $8, language,
                contact_name, contact_email, contact_phone, school_name, class_name
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::int[], $9::text[], $10::text[],
                       $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
                WITH ORDINALITY AS item (id, activity_id, kind, status, headcount, places, external_reference, language,
                                         contact_name, contact_email, contact_phone, school_name, class_name, n)
          ORDER BY n
       ), counted AS (
         UPDATE activities SET places_taken = places_taken + t.places, updated_at = now()
           FROM unnest($16::uuid[], $17::int[]) AS t (id, places) WHERE activities.id = t.id
       ), events AS (
         ${OutboxWriter.insertStatement(18)}
       )
       SELECT seq, event_id FROM events`,
      [
        column((r) => r.id),
        column((r) => r.activityId),
        column((r) => r.kind),
        column((r) => r.status),
        column((r) => r.headcount),
        column((r) => r.places),
        registrant.partnerOrganisationId,
        registrant.registeredBy,
        column((r) => r.externalReference),
        column((r) => r.language),
        column((r) => r.contactName),
        column((r) => r.contactEmail),
        column((r) => r.contactPhone),
        column((r) => r.schoolName),
        column((r) => r.className),
        [...taken.keys()],
        [...taken.values()],
        ...OutboxWriter.insertParameters(events),
      ],
    )) as InsertedOutboxRow[];
  }

  /** The places taken, as counted under the activity's row lock. */
  async setPlacesTaken(db: EntityManager, activityId: string, placesTaken: number): Promise<void> {
    await db.query(`UPDATE activities SET places_taken = $2, updated_at = now() WHERE id = $1`, [
      activityId,
      placesTaken,
    ]);
  }

  async find(db: EntityManager, id: string, lock = false): Promise<Registration | undefined> {
    const [registration] = (await db.query(
      `SELECT ${REGISTRATION} FROM registrations WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    )) as Registration[];
    return registration;
  }

  /** An activity's registrations (of one partner, when given) in order of arrival. */
  async registrationsOf(
    db: EntityManager,
    activityId: string,
    partnerOrganisationId: string | null,
  ): Promise<Registration[]> {
    return (await db.query(
      `SELECT ${REGISTRATION} FROM registrations
        WHERE activity_id = $1 AND ($2::uuid IS NULL OR partner_organisation_id = $2)
        ORDER BY waitlist_seq`,
      [activityId, partnerOrganisationId],
    )) as Registration[];
  }

  /**
   * The waiting list's positions: registration id → 1, 2, 3 ... among all the activity's
   * waiting registrations in order of arrival, whoever made them. The one query behind every
   * view of a position (the list, one registration, a partner's own, the exports).
   */
  async waitlistPositions(db: EntityManager, activityId: string): Promise<Map<string, number>> {
    const rows = (await db.query(
      `SELECT id, row_number() OVER (ORDER BY waitlist_seq)::int AS position FROM registrations
        WHERE activity_id = $1 AND status = 'waitlisted'`,
      [activityId],
    )) as Array<{ id: string; position: number }>;
    return new Map(rows.map((row) => [row.id, row.position]));
  }

  async markCancelled(db: EntityManager, id: string, by: CancelledBy): Promise<void> {
    await db.query(
      `UPDATE registrations SET status = 'cancelled', cancelled_at = now(), cancelled_by = $2 WHERE id = $1`,
      [id, by],
    );
  }

  /** The waiting list in order of arrival. The caller holds the activity's row lock. */
  async waiting(db: EntityManager, activityId: string): Promise<PlaceHolder[]> {
    return (await db.query(
      `SELECT id, places, headcount, kind, partner_organisation_id AS "partnerOrganisationId" FROM registrations
        WHERE activity_id = $1 AND status = 'waitlisted' ORDER BY waitlist_seq`,
      [activityId],
    )) as PlaceHolder[];
  }

  async markPromoted(db: EntityManager, ids: string[]): Promise<void> {
    await db.query(`UPDATE registrations SET status = 'accepted', promoted_at = now() WHERE id = ANY ($1)`, [
      ids,
    ]);
  }

  /**
   * Cancels every registration of the activity that still holds or waits for a place, frees
   * all its places, and answers what each was before.
   */
  async cancelAllOf(
    db: EntityManager,
    activityId: string,
  ): Promise<Array<PlaceHolder & { wasWaitlisted: boolean }>> {
    const cancelled = updatedRows<PlaceHolder & { wasWaitlisted: boolean }>(
      await db.query(
        `WITH previous AS (
           SELECT id, status FROM registrations WHERE activity_id = $1 AND status <> 'cancelled'
         )
         UPDATE registrations r SET status = 'cancelled', cancelled_at = now(), cancelled_by = 'activity-cancelled'
           FROM previous WHERE r.id = previous.id
         RETURNING r.id, r.places, r.headcount, r.kind, r.partner_organisation_id AS "partnerOrganisationId",
                   previous.status = 'waitlisted' AS "wasWaitlisted"`,
        [activityId],
      ),
    );
    await this.setPlacesTaken(db, activityId, 0);
    return cancelled;
  }

  async findOfActivity(db: EntityManager, activityId: string, id: string): Promise<Registration | undefined> {
    const [registration] = (await db.query(
      `SELECT ${REGISTRATION} FROM registrations WHERE id = $1 AND activity_id = $2`,
      [id, activityId],
    )) as Registration[];
    return registration;
  }

  async markCheckedIn(db: EntityManager, id: string, at: Date): Promise<void> {
    await db.query(`UPDATE registrations SET checked_in_at = $2 WHERE id = $1`, [id, at]);
  }

  /** People and groups that checked in with an accepted registration. */
  async attendance(db: EntityManager, activityId: string): Promise<{ people: number; groups: number }> {
    const [row] = (await db.query(
      `SELECT coalesce(sum(headcount), 0)::int AS people, count(*) FILTER (WHERE kind = 'group')::int AS groups
         FROM registrations WHERE activity_id = $1 AND status = 'accepted' AND checked_in_at IS NOT NULL`,
      [activityId],
    )) as Array<{ people: number; groups: number }>;
    return row;
  }
}
