import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RegistrationCancelledV1, RegistrationPromotedV1 } from '@deelwijs/contracts';
import { OutboxWriter } from '@deelwijs/messaging';
import type { Activity } from '../activities/activity.entity';

interface WaitingRow {
  id: string;
  places: number;
  headcount: number;
  kind: 'individual' | 'group';
  partner_organisation_id: string | null;
}

/**
 * Moves the waiting list up when places come free. Callers hold the activity's row lock, so
 * two cancellations cannot promote the same registration or overfill the activity.
 */
@Injectable()
export class Waitlist {
  constructor(private readonly outbox: OutboxWriter) {}

  /**
   * Promotes waiting registrations strictly in the order they came in, until the next one
   * does not fit: a class of 28 at the head of the list is not overtaken by a later single.
   */
  async promote(manager: EntityManager, activity: Activity): Promise<number> {
    if (activity.status !== 'published') {
      return 0;
    }
    const waiting = (await manager.query(
      `SELECT id, places, headcount, kind, partner_organisation_id FROM registrations
        WHERE activity_id = $1 AND status = 'waitlisted' ORDER BY waitlist_seq`,
      [activity.id],
    )) as WaitingRow[];
    const promoted: WaitingRow[] = [];
    let taken = activity.placesTaken;
    for (const registration of waiting) {
      if (activity.capacity !== null && taken + registration.places > activity.capacity) {
        break;
      }
      taken += registration.places;
      promoted.push(registration);
    }
    if (promoted.length === 0) {
      return 0;
    }
    await manager.query(
      `UPDATE registrations SET status = 'accepted', promoted_at = now() WHERE id = ANY ($1)`,
      [promoted.map((registration) => registration.id)],
    );
    await manager.query(`UPDATE activities SET places_taken = $2, updated_at = now() WHERE id = $1`, [
      activity.id,
      taken,
    ]);
    activity.placesTaken = taken;
    for (const registration of promoted) {
      await this.outbox.append(manager, RegistrationPromotedV1, {
        registrationId: registration.id,
        activityId: activity.id,
        partnerOrganisationId: registration.partner_organisation_id ?? undefined,
        kind: registration.kind,
        headcount: registration.headcount,
      });
    }
    return promoted.length;
  }

  /** The activity is cancelled: so is every registration that still holds or waits for a place. */
  async cancelAll(manager: EntityManager, activity: Activity): Promise<void> {
    const cancelled = updatedRows<WaitingRow & { previous_status: string }>(
      await manager.query(
        `WITH previous AS (
           SELECT id, status FROM registrations WHERE activity_id = $1 AND status <> 'cancelled'
         )
         UPDATE registrations r SET status = 'cancelled', cancelled_at = now(), cancelled_by = 'activity-cancelled'
           FROM previous WHERE r.id = previous.id
         RETURNING r.id, r.headcount, r.kind, r.partner_organisation_id, previous.status AS previous_status`,
        [activity.id],
      ),
    );
    await manager.query(`UPDATE activities SET places_taken = 0, updated_at = now() WHERE id = $1`, [
      activity.id,
    ]);
    for (const registration of cancelled) {
      await this.outbox.append(manager, RegistrationCancelledV1, {
        registrationId: registration.id,
        activityId: activity.id,
        partnerOrganisationId: registration.partner_organisation_id ?? undefined,
        kind: registration.kind,
        headcount: registration.headcount,
        wasWaitlisted: registration.previous_status === 'waitlisted',
        cancelledBy: 'activity-cancelled',
      });
    }
  }
}

/** TypeORM answers an UPDATE ... RETURNING on PostgreSQL with [rows, rowCount]. */
export function updatedRows<T>(result: unknown): T[] {
  return Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]);
}
