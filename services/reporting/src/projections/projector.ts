import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  ActivityCancelledV1,
  ActivityClosedV1,
  ActivityHeldV1,
  ActivityRescheduledV1,
  ActivityRevisedV1,
  ActivityScheduledV1,
  AdviceAnsweredV1,
  AdviceIssuedV1,
  KnowledgeItemArchivedV1,
  KnowledgeItemPublishedV1,
  RegistrationAcceptedV1,
  RegistrationCancelledV1,
  RegistrationPromotedV1,
  RegistrationWaitlistedV1,
  type EventContract,
  type EventEnvelope,
  type PayloadOf,
} from '@deelwijs/contracts';

/**
 * Orders events of one thing that may arrive in any order (each subject has its own consumer,
 * and events of different relays interleave): the later event wins, the event id breaks ties,
 * so a replay in another order ends in the same rows.
 */
export function versionOf(envelope: Pick<EventEnvelope, 'occurredAt' | 'eventId'>): string {
  return `${new Date(envelope.occurredAt).toISOString()}|${envelope.eventId}`;
}

type Facts = PayloadOf<typeof ActivityScheduledV1> | PayloadOf<typeof ActivityRevisedV1> | PayloadOf<typeof ActivityHeldV1>;

/** Registration states in the order they supersede each other; cancelled is final. */
const REGISTRATION_RANK = { waitlisted: 1, accepted: 2, promoted: 2, cancelled: 3 } as const;
type RegistrationState = keyof typeof REGISTRATION_RANK;
const COUNTED: RegistrationState[] = ['accepted', 'promoted'];

/**
 * Applies events to the projection tables. Every method is idempotent (the inbox makes
 * redelivery a no-op as well) and order-tolerant, and uses unqualified table names: the rebuild
 * runs the same code against fresh tables in another schema through the search path.
 */
@Injectable()
export class Projector {
  async activityFacts(tx: EntityManager, event: Facts, envelope: EventEnvelope): Promise<void> {
    const version = versionOf(envelope);
    await tx.query(
      `INSERT INTO activity_facts AS f (activity_id, prestatie_code, type, location_category, action_number,
              starts_at, ends_at, planned_cost_cents, facts_version, times_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
       ON CONFLICT (activity_id) DO UPDATE SET
         prestatie_code = CASE WHEN f.facts_version IS NULL OR f.facts_version < $9 THEN $2 ELSE f.prestatie_code END,
         type = CASE WHEN f.facts_version IS NULL OR f.facts_version < $9 THEN $3 ELSE f.type END,
         location_category = CASE WHEN f.facts_version IS NULL OR f.facts_version < $9 THEN $4 ELSE f.location_category END,
         action_number = CASE WHEN f.facts_version IS NULL OR f.facts_version < $9 THEN $5 ELSE f.action_number END,
         planned_cost_cents = CASE WHEN f.facts_version IS NULL OR f.facts_version < $9 THEN $8 ELSE f.planned_cost_cents END,
         facts_version = GREATEST(f.facts_version, $9),
         starts_at = CASE WHEN f.times_version IS NULL OR f.times_version < $9 THEN $6 ELSE f.starts_at END,
         ends_at = CASE WHEN f.times_version IS NULL OR f.times_version < $9 THEN $7 ELSE f.ends_at END,
         times_version = GREATEST(f.times_version, $9)`,
      [
        event.activityId,
        event.prestatieCode,
        event.type,
        event.locationCategory,
        event.actionNumber ?? null,
        event.startsAt,
        event.endsAt,
        event.plannedCostCents ?? null,
        version,
      ],
    );
  }

  async activityScheduled(tx: EntityManager, event: PayloadOf<typeof ActivityScheduledV1>, envelope: EventEnvelope) {
    await this.activityFacts(tx, event, envelope);
  }

  async activityRevised(tx: EntityManager, event: PayloadOf<typeof ActivityRevisedV1>, envelope: EventEnvelope) {
    await this.activityFacts(tx, event, envelope);
  }

  async activityRescheduled(tx: EntityManager, event: PayloadOf<typeof ActivityRescheduledV1>, envelope: EventEnvelope) {
    await tx.query(
      `INSERT INTO activity_facts AS f (activity_id, starts_at, ends_at, times_version) VALUES ($1, $2, $3, $4)
       ON CONFLICT (activity_id) DO UPDATE SET
         starts_at = CASE WHEN f.times_version IS NULL OR f.times_version < $4 THEN $2 ELSE f.starts_at END,
         ends_at = CASE WHEN f.times_version IS NULL OR f.times_version < $4 THEN $3 ELSE f.ends_at END,
         times_version = GREATEST(f.times_version, $4)`,
      [event.activityId, event.startsAt, event.endsAt, versionOf(envelope)],
    );
  }

  async activityCancelled(tx: EntityManager, event: PayloadOf<typeof ActivityCancelledV1>) {
    await tx.query(
      `INSERT INTO activity_facts (activity_id, cancelled) VALUES ($1, true)
       ON CONFLICT (activity_id) DO UPDATE SET cancelled = true`,
      [event.activityId],
    );
  }

  /** Held counts toward targets; its participants and cost stand until the closed figures arrive. */
  async activityHeld(tx: EntityManager, event: PayloadOf<typeof ActivityHeldV1>, envelope: EventEnvelope) {
    await this.activityFacts(tx, event, envelope);
    await tx.query(
      `UPDATE activity_facts SET held = true, held_participants = $2, held_cost_cents = $3 WHERE activity_id = $1`,
      [event.activityId, event.participants, event.actualCostCents ?? null],
    );
  }

  /** Closed figures replace the held ones, also when they arrive first; a closed activity was held. */
  async activityClosed(tx: EntityManager, event: PayloadOf<typeof ActivityClosedV1>) {
    await tx.query(
      `INSERT INTO activity_facts AS f (activity_id, prestatie_code, held, closed, closed_participants, closed_cost_cents)
       VALUES ($1, $2, true, true, $3, $4)
       ON CONFLICT (activity_id) DO UPDATE SET
         prestatie_code = COALESCE(f.prestatie_code, $2),
         held = true, closed = true, closed_participants = $3, closed_cost_cents = $4`,
      [event.activityId, event.prestatieCode, event.participants, event.actualCostCents],
    );
  }

  /**
   * Moves a registration to a state if it supersedes the one recorded, and adjusts the
   * activity's registered headcount by the difference, so the count never needs the
   * registrations to be read again.
   */
  async registration(
    tx: EntityManager,
    event: PayloadOf<typeof RegistrationAcceptedV1>,
    state: RegistrationState,
    envelope: EventEnvelope,
  ): Promise<void> {
    const version = `${REGISTRATION_RANK[state]}|${versionOf(envelope)}`;
    const previous = await this.lockRegistration(tx, event, state, version);
    if (previous === 'inserted') {
      await this.addHeadcount(tx, event.activityId, COUNTED.includes(state) ? event.headcount : 0);
      return;
    }
    if (previous.state_version >= version) {
      return;
    }
    await tx.query(`UPDATE registration_states SET state = $2, state_version = $3, headcount = $4 WHERE registration_id = $1`, [
      event.registrationId,
      state,
      version,
      event.headcount,
    ]);
    const before = COUNTED.includes(previous.state as RegistrationState) ? previous.headcount : 0;
    await this.addHeadcount(tx, event.activityId, (COUNTED.includes(state) ? event.headcount : 0) - before);
  }

  /**
   * Inserts the registration, or locks the row it has, and says which. Reading the old state
   * under the row lock keeps two consumers moving one registration at once from both counting
   * it; when both insert, the loser waits for the winner and then reads its committed row.
   */
  private async lockRegistration(
    tx: EntityManager,
    event: PayloadOf<typeof RegistrationAcceptedV1>,
    state: RegistrationState,
    version: string,
  ): Promise<'inserted' | { state: string; state_version: string; headcount: number }> {
    for (;;) {
      const [existing] = await tx.query(
        `SELECT state, state_version, headcount FROM registration_states WHERE registration_id = $1 FOR UPDATE`,
        [event.registrationId],
      );
      if (existing) {
        return existing;
      }
      const inserted: unknown[] = await tx.query(
        `INSERT INTO registration_states (registration_id, activity_id, headcount, state, state_version)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (registration_id) DO NOTHING RETURNING 1`,
        [event.registrationId, event.activityId, event.headcount, state, version],
      );
      if (inserted.length > 0) {
        return 'inserted';
      }
    }
  }

  private async addHeadcount(tx: EntityManager, activityId: string, delta: number): Promise<void> {
    if (delta === 0) {
      return;
    }
    await tx.query(
      `INSERT INTO activity_facts AS f (activity_id, registered_headcount) VALUES ($1, $2)
       ON CONFLICT (activity_id) DO UPDATE SET registered_headcount = f.registered_headcount + $2`,
      [activityId, delta],
    );
  }

  async adviceIssued(tx: EntityManager, event: PayloadOf<typeof AdviceIssuedV1>) {
    await tx.query(
      `INSERT INTO advices (advice_id, adviser, solicited, prestatie_codes, issued_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (advice_id) DO UPDATE SET adviser = $2, solicited = $3, prestatie_codes = $4, issued_at = $5`,
      [event.adviceId, event.adviser, event.solicited, event.prestatieCodes, event.issuedAt],
    );
  }

  async adviceAnswered(tx: EntityManager, event: PayloadOf<typeof AdviceAnsweredV1>) {
    await tx.query(
      `INSERT INTO advices (advice_id, outcome, answered_at) VALUES ($1, $2, $3)
       ON CONFLICT (advice_id) DO UPDATE SET outcome = $2, answered_at = $3`,
      [event.adviceId, event.outcome, event.answeredAt],
    );
  }

  /** An item counts in the period of its first publication; its links follow its newest version. */
  async knowledgeItemPublished(tx: EntityManager, event: PayloadOf<typeof KnowledgeItemPublishedV1>) {
    await tx.query(
      `INSERT INTO knowledge_items AS k (item_id, kind, prestatie_codes, latest_version, first_published_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (item_id) DO UPDATE SET
         kind = CASE WHEN k.latest_version IS NULL OR k.latest_version < $4 THEN $2 ELSE k.kind END,
         prestatie_codes = CASE WHEN k.latest_version IS NULL OR k.latest_version < $4 THEN $3 ELSE k.prestatie_codes END,
         latest_version = GREATEST(k.latest_version, $4),
         first_published_at = LEAST(k.first_published_at, $5)`,
      [event.itemId, event.kind, event.prestatieCodes, event.version, event.publishedAt],
    );
  }

  async knowledgeItemArchived(tx: EntityManager, event: PayloadOf<typeof KnowledgeItemArchivedV1>) {
    await tx.query(
      `INSERT INTO knowledge_items (item_id, archived_at) VALUES ($1, $2)
       ON CONFLICT (item_id) DO UPDATE SET archived_at = $2`,
      [event.itemId, event.archivedAt],
    );
  }

  /** Every contract this projection follows, with how to apply it: the live consumers and the rebuild share it. */
  handlers(): Array<{ contract: EventContract; apply: (tx: EntityManager, payload: any, envelope: EventEnvelope) => Promise<void> }> {
    return [
      { contract: ActivityScheduledV1, apply: (tx, p, e) => this.activityScheduled(tx, p, e) },
      { contract: ActivityRevisedV1, apply: (tx, p, e) => this.activityRevised(tx, p, e) },
      { contract: ActivityRescheduledV1, apply: (tx, p, e) => this.activityRescheduled(tx, p, e) },
      { contract: ActivityCancelledV1, apply: (tx, p) => this.activityCancelled(tx, p) },
      { contract: ActivityHeldV1, apply: (tx, p, e) => this.activityHeld(tx, p, e) },
      { contract: ActivityClosedV1, apply: (tx, p) => this.activityClosed(tx, p) },
      { contract: RegistrationAcceptedV1, apply: (tx, p, e) => this.registration(tx, p, 'accepted', e) },
      { contract: RegistrationWaitlistedV1, apply: (tx, p, e) => this.registration(tx, p, 'waitlisted', e) },
      { contract: RegistrationPromotedV1, apply: (tx, p, e) => this.registration(tx, p, 'promoted', e) },
      { contract: RegistrationCancelledV1, apply: (tx, p, e) => this.registration(tx, p, 'cancelled', e) },
      { contract: AdviceIssuedV1, apply: (tx, p) => this.adviceIssued(tx, p) },
      { contract: AdviceAnsweredV1, apply: (tx, p) => this.adviceAnswered(tx, p) },
      { contract: KnowledgeItemPublishedV1, apply: (tx, p) => this.knowledgeItemPublished(tx, p) },
      { contract: KnowledgeItemArchivedV1, apply: (tx, p) => this.knowledgeItemArchived(tx, p) },
    ];
  }
}

/** The tables the projection consists of; the rebuild creates fresh copies of these. */
export const PROJECTION_TABLES = ['activity_facts', 'registration_states', 'advices', 'knowledge_items'] as const;
