import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxWriter, type InsertedOutboxRow, type PreparedEvents } from '@deelwijs/messaging';
import type { Activity, ActivityAuditEntry, ActivityChanges, ActivityStatus } from './activity';

/** Field → column of the `activities` table. */
const COLUMNS: Record<keyof Activity, string> = {
  id: 'id',
  seriesId: 'series_id',
  type: 'type',
  titleNl: 'title_nl',
  titleEn: 'title_en',
  descriptionNl: 'description_nl',
  descriptionEn: 'description_en',
  programmeCode: 'programme_code',
  programmeByDefault: 'programme_by_default',
  prestatieCode: 'prestatie_code',
  actionNumber: 'action_number',
  organiserOrganisationId: 'organiser_organisation_id',
  organiserEmail: 'organiser_email',
  partnerOrganisationIds: 'partner_organisation_ids',
  openToAllPartners: 'open_to_all_partners',
  venueName: 'venue_name',
  venueAddress: 'venue_address',
  municipality: 'municipality',
  locationCategory: 'location_category',
  startsAt: 'starts_at',
  endsAt: 'ends_at',
  capacityUnit: 'capacity_unit',
  capacity: 'capacity',
  placesTaken: 'places_taken',
  plannedCostCents: 'planned_cost_cents',
  actualCostCents: 'actual_cost_cents',
  cancellationDeadlineHours: 'cancellation_deadline_hours',
  status: 'status',
  participants: 'participants',
  groups: 'groups',
  lessons: 'lessons',
  cancelReason: 'cancel_reason',
  publishedAt: 'published_at',
  heldAt: 'held_at',
  closedAt: 'closed_at',
  cancelledAt: 'cancelled_at',
  updatedAt: 'updated_at',
};

const SELECT_ACTIVITY = Object.entries(COLUMNS)
  .map(([field, column]) => (field === column ? column : `${column} AS "${field}"`))
  .join(', ');

export interface ActivityFilter {
  status?: ActivityStatus;
  type?: string;
  prestatieCode?: string;
  programmeCode?: string;
  municipality?: string;
  startsFrom?: Date;
  startsBefore?: Date;
  /** Only what this partner organisation may see: open to all partners and published, or co-organised by it. */
  visibleToPartner?: string;
}

/**
 * All SQL on the `activities` table except its places taken, which the booking core owns.
 * Plain SQL, no entities: see the README's architecture section.
 */
@Injectable()
export class ActivitiesRepository {
  /**
   * A new activity and its events (prepared by OutboxWriter) in one statement: one round trip
   * instead of one per row. What it leaves out takes the column's default. Answers the outbox
   * rows, for OutboxWriter.recorded.
   */
  async insert(
    db: EntityManager,
    activity: ActivityChanges & { id: string },
    events: PreparedEvents,
  ): Promise<InsertedOutboxRow[]> {
    const fields = (Object.keys(activity) as Array<keyof ActivityChanges | 'id'>).filter(
      // places_taken is the booking core's: a new activity starts at its default, 0.
      (field) => field in COLUMNS && field !== ('placesTaken' as string) && activity[field] !== undefined,
    );
    return (await db.query(
      `WITH inserted AS (
         INSERT INTO activities (${fields.map((field) => COLUMNS[field]).join(', ')})
         VALUES (${fields.map((_, index) => `$${index + 1}`).join(', ')})
       ), events AS (
         ${OutboxWriter.insertStatement(fields.length + 1)}
       )
       SELECT seq, event_id FROM events`,
      [...fields.map((field) => toColumn(field, activity[field])), ...OutboxWriter.insertParameters(events)],
    )) as InsertedOutboxRow[];
  }

  async find(db: EntityManager, id: string): Promise<Activity | undefined> {
    const [row] = (await db.query(`SELECT ${SELECT_ACTIVITY} FROM activities WHERE id = $1`, [
      id,
    ])) as Activity[];
    return row && fromRow(row);
  }

  /** The activity under its row lock: registrations and lifecycle changes of one activity queue behind each other. */
  async lock(db: EntityManager, id: string): Promise<Activity | undefined> {
    const [row] = (await db.query(`SELECT ${SELECT_ACTIVITY} FROM activities WHERE id = $1 FOR UPDATE`, [
      id,
    ])) as Activity[];
    return row && fromRow(row);
  }

  async update(db: EntityManager, id: string, changes: ActivityChanges): Promise<void> {
    const fields = (Object.keys(changes) as Array<keyof ActivityChanges>).filter(
      (field) => changes[field] !== undefined,
    );
    if (fields.length === 0) {
      return;
    }
    await db.query(
      `UPDATE activities SET ${fields.map((field, index) => `${COLUMNS[field]} = $${index + 2}`).join(', ')} WHERE id = $1`,
      [id, ...fields.map((field) => toColumn(field, changes[field]))],
    );
  }

  /** One page of the activities that pass the filter, by start, and how many pass it in all. */
  async page(
    db: EntityManager,
    filter: ActivityFilter,
    page: { offset: number; limit: number },
  ): Promise<{ activities: Activity[]; total: number }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const where = (value: unknown, condition: (param: string) => string) => {
      if (value !== undefined) {
        params.push(value);
        conditions.push(condition(`$${params.length}`));
      }
    };
    where(filter.status, (param) => `status = ${param}`);
    where(filter.type, (param) => `type = ${param}`);
    where(filter.prestatieCode, (param) => `prestatie_code = ${param}`);
    where(filter.programmeCode, (param) => `programme_code = ${param}`);
    where(filter.municipality, (param) => `lower(municipality) = lower(${param})`);
    where(filter.startsFrom, (param) => `starts_at >= ${param}`);
    where(filter.startsBefore, (param) => `starts_at < ${param}`);
    where(
      filter.visibleToPartner,
      (param) =>
        `((status = 'published' AND open_to_all_partners) OR ${param}::uuid = ANY (partner_organisation_ids))`,
    );
    const whereClause = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const [{ total }] = (await db.query(
      `SELECT count(*)::int AS total FROM activities ${whereClause}`,
      params,
    )) as Array<{ total: number }>;
    const rows = (await db.query(
      `SELECT ${SELECT_ACTIVITY} FROM activities ${whereClause}
        ORDER BY starts_at, id OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
      [...params, page.offset, page.limit],
    )) as Activity[];
    return { activities: rows.map(fromRow), total };
  }

  async insertAudit(
    db: EntityManager,
    activityId: string,
    entry: Omit<ActivityAuditEntry, 'at'> & { correlationId: string | null },
  ): Promise<void> {
    await db.query(
      `INSERT INTO activity_audit (activity_id, action, actor_kind, actor_id, actor_organisation_id, reason, details, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        activityId,
        entry.action,
        entry.actorKind,
        entry.actorId,
        entry.actorOrganisationId,
        entry.reason,
        JSON.stringify(entry.details),
        entry.correlationId,
      ],
    );
  }

  /** The activity's audit, oldest first. */
  async audit(db: EntityManager, activityId: string): Promise<ActivityAuditEntry[]> {
    return (await db.query(
      `SELECT at, action, actor_kind AS "actorKind", actor_id AS "actorId",
              actor_organisation_id AS "actorOrganisationId", reason, details
         FROM activity_audit WHERE activity_id = $1 ORDER BY id`,
      [activityId],
    )) as ActivityAuditEntry[];
  }

  /** The occurrences of a series, by start. */
  async ofSeries(db: EntityManager, seriesId: string): Promise<Activity[]> {
    const rows = (await db.query(
      `SELECT ${SELECT_ACTIVITY} FROM activities WHERE series_id = $1 ORDER BY starts_at`,
      [seriesId],
    )) as Activity[];
    return rows.map(fromRow);
  }
}

/** bigint columns arrive as text; the amounts are cents, well inside a double's exact range. */
function fromRow(row: Activity): Activity {
  return {
    ...row,
    plannedCostCents: row.plannedCostCents === null ? null : Number(row.plannedCostCents),
    actualCostCents: row.actualCostCents === null ? null : Number(row.actualCostCents),
  };
}

function toColumn(field: keyof Activity, value: unknown): unknown {
  // pg would send a JavaScript array as a PostgreSQL array; lessons is jsonb.
  return field === 'lessons' && value !== null && value !== undefined ? JSON.stringify(value) : value;
}
