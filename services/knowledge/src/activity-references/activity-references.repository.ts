import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ActivityRevisedV1, PayloadOf } from '@deelwijs/contracts';

export type ActivityFacts = PayloadOf<typeof ActivityRevisedV1>;

export interface ActivityReference {
  activityId: string;
  type: string | null;
  title: string | null;
  prestatieCode: string | null;
  startsAt: Date | null;
  organiserOrganisationId: string | null;
  partnerOrganisationIds: string[];
  heldAt: Date | null;
  cancelledAt: Date | null;
}

/**
 * This service's copy of each activity, merged from events that arrive in any order: facts
 * only replace older facts, times only older times, and a cancellation sticks.
 */
@Injectable()
export class ActivityReferencesRepository {
  async applyFacts(manager: EntityManager, facts: ActivityFacts, at: Date, heldAt?: string): Promise<void> {
    const newer = `activity_references.facts_at <= EXCLUDED.facts_at`;
    const fact = (column: string) => `${column} = CASE WHEN ${newer} THEN EXCLUDED.${column} ELSE activity_references.${column} END`;
    const time = (column: string) =>
      `${column} = CASE WHEN activity_references.times_at <= EXCLUDED.times_at THEN EXCLUDED.${column} ELSE activity_references.${column} END`;
    await manager.query(
      `INSERT INTO activity_references (activity_id, type, title, prestatie_code, starts_at, ends_at, action_number,
         organiser_organisation_id, partner_organisation_ids, facts_at, times_at, held_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11)
       ON CONFLICT (activity_id) DO UPDATE SET
         ${['type', 'title', 'prestatie_code', 'action_number', 'organiser_organisation_id', 'partner_organisation_ids'].map(fact).join(', ')},
         ${['starts_at', 'ends_at'].map(time).join(', ')},
         facts_at = greatest(activity_references.facts_at, EXCLUDED.facts_at),
         times_at = greatest(activity_references.times_at, EXCLUDED.times_at),
         held_at = coalesce(activity_references.held_at, EXCLUDED.held_at)`,
      [
        facts.activityId,
        facts.type,
        facts.title,
        facts.prestatieCode,
        facts.startsAt,
        facts.endsAt,
        facts.actionNumber ?? null,
        facts.organiserOrganisationId ?? null,
        facts.partnerOrganisationIds,
        at,
        heldAt ?? null,
      ],
    );
  }

  async applyTimes(manager: EntityManager, activityId: string, startsAt: string, endsAt: string, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO activity_references (activity_id, starts_at, ends_at, times_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (activity_id) DO UPDATE SET
         starts_at = CASE WHEN activity_references.times_at <= EXCLUDED.times_at THEN EXCLUDED.starts_at ELSE activity_references.starts_at END,
         ends_at = CASE WHEN activity_references.times_at <= EXCLUDED.times_at THEN EXCLUDED.ends_at ELSE activity_references.ends_at END,
         times_at = greatest(activity_references.times_at, EXCLUDED.times_at)`,
      [activityId, startsAt, endsAt, at],
    );
  }

  async cancel(manager: EntityManager, activityId: string, cancelledAt: string): Promise<void> {
    await manager.query(
      `INSERT INTO activity_references (activity_id, cancelled_at) VALUES ($1, $2)
       ON CONFLICT (activity_id) DO UPDATE SET cancelled_at = EXCLUDED.cancelled_at`,
      [activityId, cancelledAt],
    );
  }

  async find(manager: EntityManager, activityId: string): Promise<ActivityReference | undefined> {
    const rows: {
      activity_id: string;
      type: string | null;
      title: string | null;
      prestatie_code: string | null;
      starts_at: Date | null;
      organiser_organisation_id: string | null;
      partner_organisation_ids: string[];
      held_at: Date | null;
      cancelled_at: Date | null;
    }[] = await manager.query(`SELECT * FROM activity_references WHERE activity_id = $1`, [activityId]);
    const row = rows[0];
    return row
      ? {
          activityId: row.activity_id,
          type: row.type,
          title: row.title,
          prestatieCode: row.prestatie_code,
          startsAt: row.starts_at,
          organiserOrganisationId: row.organiser_organisation_id,
          partnerOrganisationIds: row.partner_organisation_ids,
          heldAt: row.held_at,
          cancelledAt: row.cancelled_at,
        }
      : undefined;
  }
}
