import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ActivityCancelledV1, ActivityHeldV1, ActivityRescheduledV1, PayloadOf } from '@deelwijs/contracts';
import { NetworkProjection } from '../network/network-projection.service';
import { ActivityReferencesRepository, type ActivityFacts } from './activity-references.repository';
import type { ActivityReferenceView } from './dto/activity-reference.dto';

/**
 * Knowledge items link to activities; this service keeps its own reference copy of each
 * activity from the activities stream instead of asking the activities service, and rebuilds
 * the activity's links in the policy monitor's network from that copy after every event, in the
 * event's transaction.
 */
@Injectable()
export class ActivityReferencesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly references: ActivityReferencesRepository,
    private readonly network: NetworkProjection,
  ) {}

  /** Scheduled or revised: the facts as of `occurredAt`. */
  async factsChanged(transaction: EntityManager, facts: ActivityFacts, occurredAt: Date): Promise<void> {
    await this.references.applyFacts(transaction, facts, occurredAt);
    await this.rebuildLinks(transaction, facts.activityId);
  }

  async held(transaction: EntityManager, event: PayloadOf<typeof ActivityHeldV1>, occurredAt: Date): Promise<void> {
    await this.references.applyFacts(transaction, event, occurredAt, event.heldAt);
    await this.rebuildLinks(transaction, event.activityId);
  }

  /** A new time moves the activity, and its links, into another period of the network. */
  async rescheduled(transaction: EntityManager, event: PayloadOf<typeof ActivityRescheduledV1>, occurredAt: Date): Promise<void> {
    await this.references.applyTimes(transaction, event.activityId, event.startsAt, event.endsAt, occurredAt);
    await this.rebuildLinks(transaction, event.activityId);
  }

  async cancelled(transaction: EntityManager, event: PayloadOf<typeof ActivityCancelledV1>): Promise<void> {
    await this.references.cancel(transaction, event.activityId, event.cancelledAt);
    await this.rebuildLinks(transaction, event.activityId);
  }

  async get(activityId: string): Promise<ActivityReferenceView> {
    const reference = await this.references.find(this.dataSource.manager, activityId);
    if (!reference?.title || !reference.startsAt || !reference.type || !reference.prestatieCode) {
      throw new NotFoundException(`No activity ${activityId} is known here (yet).`);
    }
    return {
      activityId: reference.activityId,
      type: reference.type,
      title: reference.title,
      prestatieCode: reference.prestatieCode,
      startsAt: reference.startsAt.toISOString(),
      ...(reference.organiserOrganisationId ? { organiserOrganisationId: reference.organiserOrganisationId } : {}),
      partnerOrganisationIds: reference.partnerOrganisationIds,
      ...(reference.heldAt ? { heldAt: reference.heldAt.toISOString() } : {}),
      ...(reference.cancelledAt ? { cancelledAt: reference.cancelledAt.toISOString() } : {}),
    };
  }

  private async rebuildLinks(transaction: EntityManager, activityId: string): Promise<void> {
    await this.network.activity(transaction, activityId, await this.references.find(transaction, activityId));
  }
}
