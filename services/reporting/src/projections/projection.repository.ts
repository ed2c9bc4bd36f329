import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * The tables the projection consists of; the rebuild creates fresh copies of these.
 * `activity_day_figures` is kept from `activity_facts` by a trigger (migration 1765100000000).
 */
export const PROJECTION_TABLES = ['activity_facts', 'registration_states', 'advices', 'knowledge_items', 'activity_day_figures'] as const;

export interface ActivityFacts {
  activityId: string;
  /** Absent: the default programme of the period counts it. */
  programmeCode?: string;
  prestatieCode: string;
  type: string;
  title: string;
  locationCategory: string;
  actionNumber?: number;
  startsAt: string;
  endsAt: string;
  plannedCostCents?: number;
}

export interface ActionRef {
  prestatieCode: string;
  actionNumber: number;
}

/** Actions as "7.2.3#4": one text array, searchable with the same GIN operators as the prestatie codes. */
export function actionRefs(actions: ActionRef[]): string[] {
  return actions.map((action) => `${action.prestatieCode}#${action.actionNumber}`);
}

export interface RegistrationFacts {
  registrationId: string;
  activityId: string;
  headcount: number;
}

export interface RecordedRegistration {
  state: string;
  state_version: string;
  headcount: number;
}

export interface ActivitiesPerType {
  prestatieCode: string;
  type: string;
  activities: number;
}

/**
 * The projection's tables. Every write is an upsert that keeps the newest version of each part
 * of a row (the version strings compare in event order), so applying events again, or in
 * another order, ends in the same rows. Table names are unqualified: the rebuild runs the same
 * statements against fresh tables in another schema through the search path.
 */
@Injectable()
export class ProjectionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Facts and times of an activity, each kept from the newest version that set them. */
  async upsertActivityFacts(tx: EntityManager, facts: ActivityFacts, version: string): Promise<void> {
    const newer = 'f.facts_version IS NULL OR f.facts_version < $9';
    await tx.query(
      `INSERT INTO activity_facts AS f (activity_id, prestatie_code, type, location_category, action_number,
              starts_at, ends_at, planned_cost_cents, facts_version, times_version, programme_code, title)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11)
       ON CONFLICT (activity_id) DO UPDATE SET
         programme_code = CASE WHEN ${newer} THEN $10 ELSE f.programme_code END,
         title = CASE WHEN ${newer} THEN $11 ELSE f.title END,
         prestatie_code = CASE WHEN ${newer} THEN $2 ELSE f.prestatie_code END,
         type = CASE WHEN ${newer} THEN $3 ELSE f.type END,
         location_category = CASE WHEN ${newer} THEN $4 ELSE f.location_category END,
         action_number = CASE WHEN ${newer} THEN $5 ELSE f.action_number END,
         planned_cost_cents = CASE WHEN ${newer} THEN $8 ELSE f.planned_cost_cents END,
         facts_version = GREATEST(f.facts_version, $9),
         starts_at = CASE WHEN f.times_version IS NULL OR f.times_version < $9 THEN $6 ELSE f.starts_at END,
         ends_at = CASE WHEN f.times_version IS NULL OR f.times_version < $9 THEN $7 ELSE f.ends_at END,
         times_version = GREATEST(f.times_version, $9)`,
      [
        facts.activityId,
        facts.prestatieCode,
        facts.type,
        facts.locationCategory,
        facts.actionNumber ?? null,
        facts.startsAt,
        facts.endsAt,
        facts.plannedCostCents ?? null,
        version,
        facts.programmeCode ?? null,
        facts.title,
      ],
    );
  }

  async upsertActivityTimes(tx: EntityManager, activityId: string, startsAt: string, endsAt: string, version: string): Promise<void> {
    await tx.query(
      `INSERT INTO activity_facts AS f (activity_id, starts_at, ends_at, times_version) VALUES ($1, $2, $3, $4)
       ON CONFLICT (activity_id) DO UPDATE SET
         starts_at = CASE WHEN f.times_version IS NULL OR f.times_version < $4 THEN $2 ELSE f.starts_at END,
         ends_at = CASE WHEN f.times_version IS NULL OR f.times_version < $4 THEN $3 ELSE f.ends_at END,
         times_version = GREATEST(f.times_version, $4)`,
      [activityId, startsAt, endsAt, version],
    );
  }

  async markActivityCancelled(tx: EntityManager, activityId: string): Promise<void> {
    await tx.query(
      `INSERT INTO activity_facts (activity_id, cancelled) VALUES ($1, true)
       ON CONFLICT (activity_id) DO UPDATE SET cancelled = true`,
      [activityId],
    );
  }

  /** The row exists: the held event's facts were upserted first in the same transaction. */
  async markActivityHeld(tx: EntityManager, activityId: string, participants: number, groups: number, costCents: number | null): Promise<void> {
    await tx.query(
      `UPDATE activity_facts SET held = true, held_participants = $2, held_groups = $4, held_cost_cents = $3 WHERE activity_id = $1`,
      [activityId, participants, costCents, groups],
    );
  }

  /** The closed event's programme and prestatie only fill in what no facts event has set yet. */
  async recordActivityClosed(
    tx: EntityManager,
    closed: { activityId: string; programmeCode?: string; prestatieCode: string; participants: number; groups: number; actualCostCents: number },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO activity_facts AS f (activity_id, prestatie_code, held, closed, closed_participants, closed_cost_cents, programme_code, closed_groups)
       VALUES ($1, $2, true, true, $3, $4, $5, $6)
       ON CONFLICT (activity_id) DO UPDATE SET
         prestatie_code = COALESCE(f.prestatie_code, $2),
         programme_code = CASE WHEN f.facts_version IS NULL THEN COALESCE(f.programme_code, $5) ELSE f.programme_code END,
         held = true, closed = true, closed_participants = $3, closed_cost_cents = $4, closed_groups = $6`,
      [closed.activityId, closed.prestatieCode, closed.participants, closed.actualCostCents, closed.programmeCode ?? null, closed.groups],
    );
  }

  /**
   * Inserts the registration in the given state, or locks the row it has, and says which.
   * Reading the old state under the row lock keeps two consumers moving one registration at
   * once from both counting it; when both insert, the loser waits for the winner and then reads
   * its committed row.
   */
  async insertOrLockRegistration(
    tx: EntityManager,
    registration: RegistrationFacts,
    state: string,
    version: string,
  ): Promise<'inserted' | RecordedRegistration> {
    for (;;) {
      const [existing]: RecordedRegistration[] = await tx.query(
        `SELECT state, state_version, headcount FROM registration_states WHERE registration_id = $1 FOR UPDATE`,
        [registration.registrationId],
      );
      if (existing) {
        return existing;
      }
      const inserted: unknown[] = await tx.query(
        `INSERT INTO registration_states (registration_id, activity_id, headcount, state, state_version)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (registration_id) DO NOTHING RETURNING 1`,
        [registration.registrationId, registration.activityId, registration.headcount, state, version],
      );
      if (inserted.length > 0) {
        return 'inserted';
      }
    }
  }

  async updateRegistration(tx: EntityManager, registrationId: string, state: string, version: string, headcount: number): Promise<void> {
    await tx.query(`UPDATE registration_states SET state = $2, state_version = $3, headcount = $4 WHERE registration_id = $1`, [
      registrationId,
      state,
      version,
      headcount,
    ]);
  }

  async addRegisteredHeadcount(tx: EntityManager, activityId: string, delta: number): Promise<void> {
    await tx.query(
      `INSERT INTO activity_facts AS f (activity_id, registered_headcount) VALUES ($1, $2)
       ON CONFLICT (activity_id) DO UPDATE SET registered_headcount = f.registered_headcount + $2`,
      [activityId, delta],
    );
  }

  async upsertAdviceIssued(
    tx: EntityManager,
    advice: {
      adviceId: string;
      title: string;
      adviser: string;
      solicited: boolean;
      programmeCode?: string;
      prestatieCodes: string[];
      actions: ActionRef[];
      issuedAt: string;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO advices (advice_id, adviser, solicited, prestatie_codes, issued_at, programme_code, action_refs, title) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (advice_id) DO UPDATE SET adviser = $2, solicited = $3, prestatie_codes = $4, issued_at = $5, programme_code = $6, action_refs = $7, title = $8`,
      [
        advice.adviceId,
        advice.adviser,
        advice.solicited,
        advice.prestatieCodes,
        advice.issuedAt,
        advice.programmeCode ?? null,
        actionRefs(advice.actions),
        advice.title,
      ],
    );
  }

  async upsertAdviceAnswered(tx: EntityManager, answer: { adviceId: string; outcome: string; answeredAt: string }): Promise<void> {
    await tx.query(
      `INSERT INTO advices (advice_id, outcome, answered_at) VALUES ($1, $2, $3)
       ON CONFLICT (advice_id) DO UPDATE SET outcome = $2, answered_at = $3`,
      [answer.adviceId, answer.outcome, answer.answeredAt],
    );
  }

  /** Kind and links from the newest version; the first publication stays the earliest seen. */
  async upsertKnowledgeItemPublished(
    tx: EntityManager,
    item: {
      itemId: string;
      kind: string;
      title: string;
      programmeCode?: string;
      prestatieCodes: string[];
      actions: ActionRef[];
      version: number;
      publishedAt: string;
    },
  ): Promise<void> {
    const newer = 'k.latest_version IS NULL OR k.latest_version < $4';
    await tx.query(
      `INSERT INTO knowledge_items AS k (item_id, kind, prestatie_codes, latest_version, first_published_at, programme_code, action_refs, title)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (item_id) DO UPDATE SET
         title = CASE WHEN ${newer} THEN $8 ELSE k.title END,
         kind = CASE WHEN ${newer} THEN $2 ELSE k.kind END,
         prestatie_codes = CASE WHEN ${newer} THEN $3 ELSE k.prestatie_codes END,
         programme_code = CASE WHEN ${newer} THEN $6 ELSE k.programme_code END,
         action_refs = CASE WHEN ${newer} THEN $7 ELSE k.action_refs END,
         latest_version = GREATEST(k.latest_version, $4),
         first_published_at = LEAST(k.first_published_at, $5)`,
      [item.itemId, item.kind, item.prestatieCodes, item.version, item.publishedAt, item.programmeCode ?? null, actionRefs(item.actions), item.title],
    );
  }

  async markKnowledgeItemArchived(tx: EntityManager, itemId: string, archivedAt: string): Promise<void> {
    await tx.query(
      `INSERT INTO knowledge_items (item_id, archived_at) VALUES ($1, $2)
       ON CONFLICT (item_id) DO UPDATE SET archived_at = $2`,
      [itemId, archivedAt],
    );
  }

  /** Activities known per prestatie and type, cancelled ones included. */
  async activitiesPerType(prestatieCode?: string): Promise<ActivitiesPerType[]> {
    const rows: { prestatie_code: string; type: string; activities: string }[] = await this.dataSource.query(
      `SELECT prestatie_code, type, count(*) AS activities FROM activity_facts
        WHERE type IS NOT NULL AND ($1::text IS NULL OR prestatie_code = $1)
        GROUP BY prestatie_code, type ORDER BY prestatie_code, type`,
      [prestatieCode ?? null],
    );
    return rows.map((row) => ({ prestatieCode: row.prestatie_code, type: row.type, activities: Number(row.activities) }));
  }
}
