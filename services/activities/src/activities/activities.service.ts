import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ActivityCancelledV1,
  ActivityClosedV1,
  ActivityHeldV1,
  ActivityPublishedV1,
  ActivityRescheduledV1,
  ActivityRevisedV1,
  ActivityScheduledV1,
  LessonsLearnedRecordedV1,
} from '@deelwijs/contracts';
import type { Principal } from '@deelwijs/identity';
import { OutboxWriter } from '@deelwijs/messaging';
import { InvalidInputException } from '@deelwijs/platform';
import { CatalogueService } from '../catalogue/catalogue.service';
import { Waitlist } from '../registrations/waitlist';
import { isChangeable, transitionRefusal } from './activity-lifecycle';
import { activityFacts, toView } from './activity-view';
import { Activity, type ActivityStatus, type LessonsLearned } from './activity.entity';
import type {
  ActivityFactsDto,
  ActivityPage,
  ActivityView,
  CreateActivityDto,
  ListActivitiesQuery,
  RescheduleDto,
} from './dto/activity.dto';

export interface CloseOut {
  participants?: number;
  actualCostCents: number;
  lessons?: LessonsLearned;
}

/** Plans activities and moves them through their lifecycle; every change and its event commit together. */
@Injectable()
export class ActivitiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly catalogue: CatalogueService,
    private readonly waitlist: Waitlist,
  ) {}

  async schedule(input: CreateActivityDto): Promise<ActivityView> {
    const { startsAt, endsAt } = period(input.startsAt, input.endsAt);
    return this.dataSource.transaction(async (manager) => {
      const activity = await this.insert(manager, input, {
        startsAt,
        endsAt,
        seriesId: null,
        publish: input.publish ?? false,
      });
      return toView(activity);
    });
  }

  /** Inserts one activity with its events; the series service uses it for every occurrence. */
  async insert(
    manager: EntityManager,
    facts: ActivityFactsDto,
    when: { startsAt: Date; endsAt: Date; seriesId: string | null; publish: boolean },
  ): Promise<Activity> {
    await this.catalogue.assertUsable(manager, {
      type: facts.type,
      locationCategory: facts.locationCategory ?? 'regular',
    });
    const now = new Date();
    const activity = manager.create(Activity, {
      id: randomUUID(),
      seriesId: when.seriesId,
      ...columnsOf(facts),
      startsAt: when.startsAt,
      endsAt: when.endsAt,
      placesTaken: 0,
      status: when.publish ? 'published' : 'draft',
      publishedAt: when.publish ? now : null,
      updatedAt: now,
    });
    activity.locationCategory ??= 'regular';
    activity.capacityUnit ??= 'people';
    activity.partnerOrganisationIds ??= [];
    activity.openToAllPartners ??= false;
    activity.cancellationDeadlineHours ??= 24;
    // insert, not save: save would first SELECT to decide between insert and update.
    await manager.insert(Activity, activity);
    await this.outbox.append(manager, ActivityScheduledV1, {
      ...activityFacts(activity),
      status: when.publish ? 'published' : 'draft',
      capacityUnit: activity.capacityUnit,
      capacity: activity.capacity ?? undefined,
    });
    if (when.publish) {
      await this.outbox.append(manager, ActivityPublishedV1, {
        activityId: activity.id,
        publishedAt: now.toISOString(),
      });
    }
    return activity;
  }

  async list(query: ListActivitiesQuery, principal?: Principal): Promise<ActivityPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const builder = this.dataSource.getRepository(Activity).createQueryBuilder('a');
    if (query.status) {
      builder.andWhere('a.status = :status', { status: query.status });
    }
    if (query.type) {
      builder.andWhere('a.type = :type', { type: query.type });
    }
    if (query.prestatie) {
      builder.andWhere('a.prestatie_code = :prestatie', { prestatie: query.prestatie });
    }
    if (query.municipality) {
      builder.andWhere('lower(a.municipality) = lower(:municipality)', { municipality: query.municipality });
    }
    if (query.from) {
      builder.andWhere('a.starts_at >= :from', { from: new Date(query.from) });
    }
    if (query.to) {
      builder.andWhere('a.starts_at < :to', { to: new Date(query.to) });
    }
    if (isPartnerOnly(principal)) {
      // A partner sees what it may register for, and what it co-organises.
      builder.andWhere(
        `(a.status = 'published' AND a.open_to_all_partners) OR :organisation = ANY (a.partner_organisation_ids)`,
        { organisation: principal!.organisationId ?? '00000000-0000-0000-0000-000000000000' },
      );
    }
    const [rows, total] = await builder
      .orderBy('a.starts_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: rows.map(toView), total, page, pageSize };
  }

  async get(id: string, principal?: Principal): Promise<ActivityView> {
    const activity = await this.dataSource.getRepository(Activity).findOneBy({ id });
    if (!activity || (isPartnerOnly(principal) && !partnerMaySee(activity, principal!.organisationId))) {
      throw new NotFoundException(`Activity ${id} does not exist.`);
    }
    return toView(activity);
  }

  /** Changes facts other than the time; allowed until the activity is held. */
  async revise(id: string, changes: Partial<ActivityFactsDto>): Promise<ActivityView> {
    return this.dataSource.transaction(async (manager) => {
      const activity = await this.lock(manager, id);
      if (!isChangeable(activity.status)) {
        throw new ConflictException(`An activity that is ${activity.status} can no longer be changed.`);
      }
      await this.catalogue.assertUsable(manager, {
        type: changes.type,
        locationCategory: changes.locationCategory,
      });
      const updated = { ...columnsOf(changes), updatedAt: new Date() };
      if (
        updated.capacity !== undefined &&
        updated.capacity !== null &&
        updated.capacity < activity.placesTaken
      ) {
        throw new ConflictException(
          `capacity cannot go below the ${activity.placesTaken} places already taken; cancel registrations first.`,
        );
      }
      if (
        changes.capacityUnit &&
        changes.capacityUnit !== activity.capacityUnit &&
        activity.placesTaken > 0
      ) {
        throw new ConflictException('capacityUnit cannot change once places are taken.');
      }
      Object.assign(activity, updated);
      await manager.update(Activity, { id }, updated);
      await this.outbox.append(manager, ActivityRevisedV1, activityFacts(activity));
      // More room, or no limit any more: the waiting list moves up.
      await this.waitlist.promote(manager, activity);
      return toView(activity);
    });
  }

  async reschedule(id: string, input: RescheduleDto): Promise<ActivityView> {
    const { startsAt, endsAt } = period(input.startsAt, input.endsAt);
    return this.dataSource.transaction(async (manager) => {
      const activity = await this.lock(manager, id);
      if (!isChangeable(activity.status)) {
        throw new ConflictException(
          `An activity that is ${activity.status} cannot be rescheduled: it already took place or was cancelled.`,
        );
      }
      const previous = { startsAt: activity.startsAt, endsAt: activity.endsAt };
      if (
        previous.startsAt.getTime() === startsAt.getTime() &&
        previous.endsAt.getTime() === endsAt.getTime()
      ) {
        return toView(activity);
      }
      await manager.update(Activity, { id }, { startsAt, endsAt, updatedAt: new Date() });
      Object.assign(activity, { startsAt, endsAt });
      const view = toView(activity);
      await this.outbox.append(manager, ActivityRescheduledV1, {
        activityId: id,
        startsAt: view.startsAt,
        endsAt: view.endsAt,
        previousStartsAt: toView({ ...activity, ...previous }).startsAt,
        previousEndsAt: toView({ ...activity, ...previous }).endsAt,
      });
      return view;
    });
  }

  async publish(id: string): Promise<ActivityView> {
    return this.transition(id, 'published', async (manager, activity, now) => {
      activity.publishedAt = now;
      await this.outbox.append(manager, ActivityPublishedV1, {
        activityId: id,
        publishedAt: now.toISOString(),
      });
    });
  }

  async cancel(id: string, reason?: string): Promise<ActivityView> {
    return this.transition(id, 'cancelled', async (manager, activity, now) => {
      const previousStatus = activity.status as 'draft' | 'published';
      activity.cancelledAt = now;
      activity.cancelReason = reason ?? null;
      await this.waitlist.cancelAll(manager, activity);
      activity.placesTaken = 0;
      await this.outbox.append(manager, ActivityCancelledV1, {
        activityId: id,
        previousStatus,
        reason,
        cancelledAt: now.toISOString(),
      });
    });
  }

  /** It took place: from now on it counts toward the prestatie's targets. */
  async markHeld(id: string): Promise<ActivityView> {
    return this.transition(id, 'held', async (manager, activity, now) => {
      if (activity.startsAt > now) {
        throw new ConflictException(
          `The activity starts at ${toView(activity).startsAt}; it cannot be held before it starts.`,
        );
      }
      const attendance = await this.attendance(manager, id);
      activity.heldAt = now;
      await this.outbox.append(manager, ActivityHeldV1, {
        ...activityFacts(activity),
        participants: attendance.people,
        groups: attendance.groups,
        heldAt: now.toISOString(),
      });
    });
  }

  /**
   * Final figures and lessons. Without a headcount, participants are the checked-in
   * registrations' headcounts.
   */
  async close(id: string, closeOut: CloseOut): Promise<ActivityView> {
    return this.transition(id, 'closed', async (manager, activity, now) => {
      const attendance = await this.attendance(manager, id);
      activity.participants = closeOut.participants ?? attendance.people;
      activity.actualCostCents = closeOut.actualCostCents;
      activity.lessons = closeOut.lessons ?? null;
      activity.closedAt = now;
      await this.outbox.append(manager, ActivityClosedV1, {
        activityId: id,
        prestatieCode: activity.prestatieCode,
        participants: activity.participants,
        groups: attendance.groups,
        actualCostCents: closeOut.actualCostCents,
        closedAt: now.toISOString(),
      });
      if (closeOut.lessons) {
        await this.outbox.append(manager, LessonsLearnedRecordedV1, {
          activityId: id,
          title: activity.titleNl,
          type: activity.type,
          prestatieCode: activity.prestatieCode,
          actionNumber: activity.actionNumber ?? undefined,
          organiserOrganisationId: activity.organiserOrganisationId ?? undefined,
          partnerOrganisationIds: activity.partnerOrganisationIds,
          ...closeOut.lessons,
          recordedAt: now.toISOString(),
        });
      }
    });
  }

  /** Locks the activity row: registrations and lifecycle changes of one activity queue behind each other. */
  async lock(manager: EntityManager, id: string): Promise<Activity> {
    const activity = await manager.findOne(Activity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!activity) {
      throw new NotFoundException(`Activity ${id} does not exist.`);
    }
    return activity;
  }

  private async transition(
    id: string,
    to: ActivityStatus,
    apply: (manager: EntityManager, activity: Activity, now: Date) => Promise<void>,
  ): Promise<ActivityView> {
    return this.dataSource.transaction(async (manager) => {
      const activity = await this.lock(manager, id);
      const refusal = transitionRefusal(activity.status, to);
      if (refusal) {
        throw new ConflictException(refusal);
      }
      const now = new Date();
      await apply(manager, activity, now);
      activity.status = to;
      activity.updatedAt = now;
      await manager.update(
        Activity,
        { id },
        {
          status: to,
          updatedAt: now,
          publishedAt: activity.publishedAt,
          heldAt: activity.heldAt,
          closedAt: activity.closedAt,
          cancelledAt: activity.cancelledAt,
          cancelReason: activity.cancelReason,
          participants: activity.participants,
          actualCostCents: activity.actualCostCents,
          lessons: activity.lessons as never,
          placesTaken: activity.placesTaken,
        },
      );
      return toView(activity);
    });
  }

  private async attendance(
    manager: EntityManager,
    activityId: string,
  ): Promise<{ people: number; groups: number }> {
    const [row] = (await manager.query(
      `SELECT coalesce(sum(headcount), 0)::int AS people, count(*) FILTER (WHERE kind = 'group')::int AS groups
         FROM registrations WHERE activity_id = $1 AND status = 'accepted' AND checked_in_at IS NOT NULL`,
      [activityId],
    )) as Array<{ people: number; groups: number }>;
    return row;
  }
}

/** Partners see activities open to them and those they co-organise; organisers and admins see all. */
export function isPartnerOnly(principal?: Principal): boolean {
  return Boolean(
    principal &&
    principal.roles.includes('partner') &&
    !principal.roles.some((role) => role === 'organiser' || role === 'admin'),
  );
}

export function partnerMaySee(activity: Activity, organisationId?: string): boolean {
  return (
    (activity.status === 'published' && activity.openToAllPartners) ||
    (organisationId !== undefined && activity.partnerOrganisationIds.includes(organisationId))
  );
}

/** May this partner register participants for the activity? */
export function assertPartnerMayRegister(activity: Activity, organisationId?: string): void {
  const listed = organisationId !== undefined && activity.partnerOrganisationIds.includes(organisationId);
  if (!listed && !activity.openToAllPartners) {
    throw new ForbiddenException(
      `Activity ${activity.id} is not open to registrations from your organisation.`,
    );
  }
}

function period(startsAtText: string, endsAtText: string): { startsAt: Date; endsAt: Date } {
  const startsAt = new Date(startsAtText);
  const endsAt = new Date(endsAtText);
  if (endsAt <= startsAt) {
    throw new InvalidInputException([{ name: 'endsAt', reason: 'endsAt must be after startsAt' }]);
  }
  return { startsAt, endsAt };
}

function columnsOf(facts: Partial<ActivityFactsDto>): Partial<Activity> {
  const columns: Partial<Activity> = {
    type: facts.type,
    titleNl: facts.title?.nl,
    titleEn: facts.title ? (facts.title.en ?? null) : undefined,
    descriptionNl: facts.description ? (facts.description.nl ?? '') : undefined,
    descriptionEn: facts.description ? (facts.description.en ?? null) : undefined,
    prestatieCode: facts.prestatieCode,
    actionNumber: facts.actionNumber,
    organiserOrganisationId: facts.organiserOrganisationId,
    organiserEmail: facts.organiserEmail,
    partnerOrganisationIds: facts.partnerOrganisationIds,
    openToAllPartners: facts.openToAllPartners,
    venueName: facts.venue ? (facts.venue.name ?? null) : undefined,
    venueAddress: facts.venue ? (facts.venue.address ?? null) : undefined,
    municipality: facts.venue ? (facts.venue.municipality ?? null) : undefined,
    locationCategory: facts.locationCategory,
    capacityUnit: facts.capacityUnit,
    capacity: facts.capacity,
    plannedCostCents: facts.plannedCostCents,
    cancellationDeadlineHours: facts.cancellationDeadlineHours,
  };
  return Object.fromEntries(
    Object.entries(columns).filter(([, value]) => value !== undefined),
  ) as Partial<Activity>;
}
