import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  ActivityCancelledV1,
  ActivityClosedV1,
  ActivityHeldV1,
  ActivityRescheduledV1,
  ActivityRevisedV1,
  ActivityScheduledV1,
  AdviceAnsweredV1,
  AdviceIssuedV1,
  EventEnvelope,
  KnowledgeItemArchivedV1,
  KnowledgeItemPublishedV1,
  PayloadOf,
  RegistrationAcceptedV1,
} from '@deelwijs/contracts';
import { ProjectionRepository, type ActivitiesPerType } from './projection.repository';

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
export type RegistrationState = keyof typeof REGISTRATION_RANK;
const COUNTED: RegistrationState[] = ['accepted', 'promoted'];

/**
 * Applies events to the projection: which event supersedes which, and what a registration adds
 * to its activity's headcount. Every method is idempotent (the inbox makes redelivery a no-op as
 * well) and order-tolerant, and writes only through the transaction it is given: the live
 * consumers hand it the inbox's, the rebuild one whose search path leads to fresh tables.
 * Which event calls which method is written once, in `projection-handlers.ts`.
 */
@Injectable()
export class Projector {
  constructor(private readonly projection: ProjectionRepository) {}

  async activityFacts(tx: EntityManager, event: Facts, envelope: EventEnvelope): Promise<void> {
    await this.projection.upsertActivityFacts(tx, event, versionOf(envelope));
  }

  async activityRescheduled(tx: EntityManager, event: PayloadOf<typeof ActivityRescheduledV1>, envelope: EventEnvelope): Promise<void> {
    await this.projection.upsertActivityTimes(tx, event.activityId, event.startsAt, event.endsAt, versionOf(envelope));
  }

  async activityCancelled(tx: EntityManager, event: PayloadOf<typeof ActivityCancelledV1>): Promise<void> {
    await this.projection.markActivityCancelled(tx, event.activityId);
  }

  /** Held counts toward targets; its participants and cost stand until the closed figures arrive. */
  async activityHeld(tx: EntityManager, event: PayloadOf<typeof ActivityHeldV1>, envelope: EventEnvelope): Promise<void> {
    await this.activityFacts(tx, event, envelope);
    await this.projection.markActivityHeld(tx, event.activityId, event.participants, event.groups, event.actualCostCents ?? null);
  }

  /** Closed figures replace the held ones, also when they arrive first; a closed activity was held. */
  async activityClosed(tx: EntityManager, event: PayloadOf<typeof ActivityClosedV1>): Promise<void> {
    await this.projection.recordActivityClosed(tx, event);
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
    const previous = await this.projection.insertOrLockRegistration(tx, event, state, version);
    if (previous === 'inserted') {
      await this.addHeadcount(tx, event.activityId, COUNTED.includes(state) ? event.headcount : 0);
      return;
    }
    if (previous.state_version >= version) {
      return;
    }
    await this.projection.updateRegistration(tx, event.registrationId, state, version, event.headcount);
    const before = COUNTED.includes(previous.state as RegistrationState) ? previous.headcount : 0;
    await this.addHeadcount(tx, event.activityId, (COUNTED.includes(state) ? event.headcount : 0) - before);
  }

  private async addHeadcount(tx: EntityManager, activityId: string, delta: number): Promise<void> {
    if (delta !== 0) {
      await this.projection.addRegisteredHeadcount(tx, activityId, delta);
    }
  }

  async adviceIssued(tx: EntityManager, event: PayloadOf<typeof AdviceIssuedV1>): Promise<void> {
    await this.projection.upsertAdviceIssued(tx, event);
  }

  async adviceAnswered(tx: EntityManager, event: PayloadOf<typeof AdviceAnsweredV1>): Promise<void> {
    await this.projection.upsertAdviceAnswered(tx, event);
  }

  /** An item counts in the period of its first publication; its links follow its newest version. */
  async knowledgeItemPublished(tx: EntityManager, event: PayloadOf<typeof KnowledgeItemPublishedV1>): Promise<void> {
    await this.projection.upsertKnowledgeItemPublished(tx, event);
  }

  async knowledgeItemArchived(tx: EntityManager, event: PayloadOf<typeof KnowledgeItemArchivedV1>): Promise<void> {
    await this.projection.markKnowledgeItemArchived(tx, event.itemId, event.archivedAt);
  }

  /** A quick look at the projection: activities known per prestatie and type (cancelled ones included). */
  async activitiesPerType(prestatieCode?: string): Promise<{ items: ActivitiesPerType[]; total: number }> {
    const items = await this.projection.activitiesPerType(prestatieCode);
    return { items, total: items.reduce((sum, row) => sum + row.activities, 0) };
  }
}
