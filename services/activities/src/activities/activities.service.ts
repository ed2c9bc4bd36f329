import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
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
import { Correlation } from '@deelwijs/observability';
import type { ScopeClaim } from '@deelwijs/programme-scope';
import { InvalidInputException, UnprocessableInputException } from '@deelwijs/platform';
import { BookingService } from '../booking/booking.service';
import { ProgrammesService } from '@deelwijs/programme-scope';
import { toAmsterdamIso } from '../shared/amsterdam-time';
import { partnerMaySee } from '../booking/visibility';
import { CatalogueService } from '../catalogue/catalogue.service';
import { ActivitiesRepository } from './activities.repository';
import { isChangeable, transitionRefusal } from './activity-lifecycle';
import { activityFacts, toView } from './activity-view';
import type { Activity, ActivityChanges, ActivityStatus } from './activity';
import type {
  ActivityAudit,
  ActivityFactsDto,
  ActivityOutcomeDto,
  ActivityPage,
  ActivityView,
  CloseActivityDto,
  CreateActivityDto,
  ListActivitiesQuery,
  RescheduleDto,
} from './dto/activity.dto';

/** A partner that names no organisation sees only what is open to every partner. */
const NO_ORGANISATION = '00000000-0000-0000-0000-000000000000';

/**
 * Plans activities and moves them through their lifecycle; every change and its event commit
 * together. What concerns places and registrations (promotion when capacity grows, cancelling
 * the registrations with the activity, attendance) is the booking core's.
 */
@Injectable()
export class ActivitiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly activities: ActivitiesRepository,
    private readonly outbox: OutboxWriter,
    private readonly catalogue: CatalogueService,
    private readonly booking: BookingService,
    private readonly programmes: ProgrammesService,
  ) {}

  async schedule(input: CreateActivityDto): Promise<ActivityView> {
    const { startsAt, endsAt } = period(input.startsAt, input.endsAt);
    return this.dataSource.transaction(async (db) => {
      const activity = await this.insert(db, input, {
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
    db: EntityManager,
    facts: ActivityFactsDto,
    when: { startsAt: Date; endsAt: Date; seriesId: string | null; publish: boolean },
  ): Promise<Activity> {
    await this.catalogue.assertUsable(db, {
      type: facts.type,
      locationCategory: facts.locationCategory ?? 'regular',
    });
    const now = new Date();
    const programmeCode = await this.programmes.programmeOf(db, scopeClaim(facts, when.startsAt));
    const activity = {
      id: randomUUID(),
      seriesId: when.seriesId,
      ...columnsOf(facts),
      programmeCode,
      programmeByDefault: facts.programmeCode === undefined,
      startsAt: when.startsAt,
      endsAt: when.endsAt,
      placesTaken: 0,
      status: when.publish ? 'published' : 'draft',
      publishedAt: when.publish ? now : null,
      updatedAt: now,
    } as Activity;
    activity.locationCategory ??= 'regular';
    activity.capacityUnit ??= 'people';
    activity.partnerOrganisationIds ??= [];
    activity.openToAllPartners ??= false;
    activity.cancellationDeadlineHours ??= 24;
    const events = this.outbox.prepare(db, [
      {
        contract: ActivityScheduledV1,
        payload: {
          ...activityFacts(activity),
          status: when.publish ? 'published' : 'draft',
          capacityUnit: activity.capacityUnit,
          capacity: activity.capacity ?? undefined,
        },
      },
      ...(when.publish
        ? [{ contract: ActivityPublishedV1, payload: { activityId: activity.id, publishedAt: now.toISOString() } }]
        : []),
    ]);
    await this.outbox.recorded(db, events, await this.activities.insert(db, activity, events));
    return activity;
  }

  async list(query: ListActivitiesQuery, principal?: Principal): Promise<ActivityPage> {
    const { page, pageSize } = query;
    const { activities, total } = await this.activities.page(
      this.dataSource.manager,
      {
        status: query.status || undefined,
        type: query.type || undefined,
        prestatieCode: query.prestatie || undefined,
        programmeCode: query.programme || undefined,
        municipality: query.municipality || undefined,
        startsFrom: query.from ? new Date(query.from) : undefined,
        startsBefore: query.to ? new Date(query.to) : undefined,
        // A partner sees what it may register for, and what it co-organises.
        visibleToPartner: isPartnerOnly(principal)
          ? (principal!.organisationId ?? NO_ORGANISATION)
          : undefined,
      },
      { offset: (page - 1) * pageSize, limit: pageSize },
    );
    return { items: activities.map(toView), total, page, pageSize };
  }

  async get(id: string, principal?: Principal): Promise<ActivityView> {
    const activity = await this.activities.find(this.dataSource.manager, id);
    if (!activity || (isPartnerOnly(principal) && !partnerMaySee(activity, principal!.organisationId))) {
      throw new NotFoundException(`Activity ${id} does not exist.`);
    }
    return toView(activity);
  }

  /** The occurrences of a series, by start. */
  async ofSeries(db: EntityManager, seriesId: string): Promise<Activity[]> {
    return this.activities.ofSeries(db, seriesId);
  }

  /** Changes facts other than the time; allowed until the activity is held. */
  async revise(id: string, changes: Partial<ActivityFactsDto>): Promise<ActivityView> {
    return this.dataSource.transaction(async (db) => {
      const activity = await this.lock(db, id);
      if (!isChangeable(activity.status)) {
        throw new ConflictException(`An activity that is ${activity.status} can no longer be changed.`);
      }
      await this.catalogue.assertUsable(db, {
        type: changes.type,
        locationCategory: changes.locationCategory,
      });
      const updated: ActivityChanges = { ...columnsOf(changes), updatedAt: new Date() };
      if (changes.programmeCode !== undefined || changes.prestatieCode !== undefined || changes.actionNumber !== undefined) {
        // What the activity names after the change, checked as a whole against its programme.
        const byDefault = changes.programmeCode === undefined && activity.programmeByDefault;
        updated.programmeByDefault = byDefault;
        updated.programmeCode = await this.programmes.programmeOf(
          db,
          scopeClaim(
            {
              programmeCode: changes.programmeCode ?? (byDefault ? undefined : (activity.programmeCode ?? undefined)),
              prestatieCode: changes.prestatieCode ?? activity.prestatieCode,
              actionNumber: changes.actionNumber ?? activity.actionNumber ?? undefined,
            },
            activity.startsAt,
          ),
        );
      }
      this.booking.checkCapacityChange(activity, updated);
      Object.assign(activity, updated);
      await this.activities.update(db, id, updated);
      await this.outbox.append(db, ActivityRevisedV1, activityFacts(activity));
      // More room, or no limit any more: the waiting list moves up.
      await this.booking.promote(db, activity);
      return toView(activity);
    });
  }

  /**
   * Moves an activity in time until it is held. A move into the past rewrites the record of
   * what happened, so it needs a reason, which the activity audit keeps with who moved it.
   */
  async reschedule(id: string, input: RescheduleDto, actor: Pick<Principal, 'kind' | 'id' | 'organisationId'>): Promise<ActivityView> {
    const { startsAt, endsAt } = period(input.startsAt, input.endsAt);
    const reason = input.reason?.trim();
    const intoThePast = startsAt.getTime() < Date.now();
    if (intoThePast && !reason) {
      throw new UnprocessableInputException([
        {
          name: 'reason',
          reason: 'moving an activity into the past needs a reason (for example: recorded after the fact)',
        },
      ]);
    }
    return this.dataSource.transaction(async (db) => {
      const activity = await this.lock(db, id);
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
      // A programme taken by default is the default of the new start's period: another one when the
      // move crosses periods (refused, naming the field, when that one lacks the prestatie or action;
      // null when no default programme covers the new day).
      const programmeCode = activity.programmeByDefault
        ? await this.programmes.programmeOf(db, scopeClaim(factsOfScope(activity), startsAt))
        : activity.programmeCode;
      const programmeChanged = programmeCode !== activity.programmeCode;
      await this.activities.update(db, id, { startsAt, endsAt, programmeCode, updatedAt: new Date() });
      Object.assign(activity, { startsAt, endsAt, programmeCode });
      const view = toView(activity);
      const before = toView({ ...activity, ...previous });
      await this.outbox.append(db, ActivityRescheduledV1, {
        activityId: id,
        startsAt: view.startsAt,
        endsAt: view.endsAt,
        previousStartsAt: before.startsAt,
        previousEndsAt: before.endsAt,
      });
      if (programmeChanged) {
        // The rescheduled event names no programme: the facts, with the new one, tell the others.
        await this.outbox.append(db, ActivityRevisedV1, activityFacts(activity));
      }
      if (intoThePast) {
        await this.activities.insertAudit(db, id, {
          action: 'moved-into-the-past',
          actorKind: actor.kind,
          actorId: actor.id,
          actorOrganisationId: actor.organisationId ?? null,
          reason: reason!,
          details: {
            previousStartsAt: before.startsAt,
            previousEndsAt: before.endsAt,
            startsAt: view.startsAt,
            endsAt: view.endsAt,
          },
          correlationId: Correlation.current() ?? null,
        });
      }
      return view;
    });
  }

  /** The changes that rewrote the activity's history, oldest first. */
  async audit(id: string): Promise<ActivityAudit> {
    const db = this.dataSource.manager;
    if (!(await this.activities.find(db, id))) {
      throw new NotFoundException(`Activity ${id} does not exist.`);
    }
    const entries = await this.activities.audit(db, id);
    return { items: entries.map((entry) => ({ ...entry, at: toAmsterdamIso(entry.at) })) };
  }

  async publish(id: string): Promise<ActivityView> {
    return this.transition(id, 'published', async (db, activity, now) => {
      activity.publishedAt = now;
      await this.outbox.append(db, ActivityPublishedV1, {
        activityId: id,
        publishedAt: now.toISOString(),
      });
    });
  }

  async cancel(id: string, reason?: string): Promise<ActivityView> {
    return this.dataSource.transaction(async (db) =>
      toView(await this.cancelIn(db, await this.lock(db, id), reason, new Date())),
    );
  }

  /** It took place: from now on it counts toward the prestatie's targets. */
  async markHeld(id: string): Promise<ActivityView> {
    return this.dataSource.transaction(async (db) =>
      toView(await this.hold(db, await this.lock(db, id), new Date())),
    );
  }

  /**
   * Final figures and lessons learned. Participants and groups default to the checked-in
   * registrations' headcounts and groups.
   */
  async close(id: string, input: CloseActivityDto): Promise<ActivityView> {
    return this.dataSource.transaction(async (db) =>
      toView(await this.closeOut(db, await this.lock(db, id), input, new Date())),
    );
  }

  /**
   * What became of an activity, recorded after the fact, in one transaction: held (marked held
   * if it was not yet, then closed with its figures) or not held (cancelled). The same
   * transitions, rules and events as the single calls. Repeating an outcome already recorded
   * with the same figures changes nothing and says so, so a retried request is safe.
   */
  async recordOutcome(input: ActivityOutcomeDto): Promise<{ outcome: 'closed' | 'cancelled' | 'unchanged'; activity: ActivityView }> {
    return this.dataSource.transaction(async (db) => {
      const activity = await this.lock(db, input.activityId);
      const now = new Date();
      if (!input.held) {
        if (activity.status === 'cancelled') {
          return { outcome: 'unchanged' as const, activity: toView(activity) };
        }
        await this.cancelIn(db, activity, input.reason, now);
        return { outcome: 'cancelled' as const, activity: toView(activity) };
      }
      if (input.actualCostCents === undefined) {
        throw new UnprocessableInputException([
          { name: 'actualCostCents', reason: 'a held activity is closed with its actual cost in euro cents' },
        ]);
      }
      if (activity.status === 'closed' && sameFigures(activity, input)) {
        return { outcome: 'unchanged' as const, activity: toView(activity) };
      }
      if (activity.status === 'published') {
        await this.hold(db, activity, now, input);
      }
      await this.closeOut(db, activity, input as CloseActivityDto, now);
      return { outcome: 'closed' as const, activity: toView(activity) };
    });
  }

  private async hold(
    db: EntityManager,
    activity: Activity,
    now: Date,
    stated: { participants?: number; groups?: number } = {},
  ): Promise<Activity> {
    return this.move(db, activity, 'held', now, async () => {
      if (activity.startsAt > now) {
        throw new ConflictException(
          `The activity starts at ${toView(activity).startsAt}; it cannot be held before it starts.`,
        );
      }
      const attendance = await this.booking.attendance(db, activity.id);
      activity.heldAt = now;
      await this.outbox.append(db, ActivityHeldV1, {
        ...activityFacts(activity),
        participants: stated.participants ?? attendance.people,
        groups: stated.groups ?? attendance.groups,
        heldAt: now.toISOString(),
      });
    });
  }

  private async closeOut(db: EntityManager, activity: Activity, input: CloseActivityDto, now: Date): Promise<Activity> {
    const lessons = input.lessons
      ? { ...input.lessons, language: input.lessons.language ?? 'nl' }
      : undefined;
    return this.move(db, activity, 'closed', now, async () => {
      const attendance = await this.booking.attendance(db, activity.id);
      activity.participants = input.participants ?? attendance.people;
      activity.groups = input.groups ?? null;
      activity.actualCostCents = input.actualCostCents;
      activity.lessons = lessons ?? null;
      activity.closedAt = now;
      await this.outbox.append(db, ActivityClosedV1, {
        activityId: activity.id,
        programmeCode: activity.programmeCode ?? undefined,
        prestatieCode: activity.prestatieCode,
        actionNumber: activity.actionNumber ?? undefined,
        participants: activity.participants,
        groups: input.groups ?? attendance.groups,
        actualCostCents: input.actualCostCents,
        closedAt: now.toISOString(),
      });
      if (lessons) {
        await this.outbox.append(db, LessonsLearnedRecordedV1, {
          activityId: activity.id,
          title: activity.titleNl,
          type: activity.type,
          programmeCode: activity.programmeCode ?? undefined,
          prestatieCode: activity.prestatieCode,
          actionNumber: activity.actionNumber ?? undefined,
          organiserOrganisationId: activity.organiserOrganisationId ?? undefined,
          partnerOrganisationIds: activity.partnerOrganisationIds,
          ...lessons,
          recordedAt: now.toISOString(),
        });
      }
    });
  }

  private async cancelIn(db: EntityManager, activity: Activity, reason: string | undefined, now: Date): Promise<Activity> {
    return this.move(db, activity, 'cancelled', now, async () => {
      const previousStatus = activity.status as 'draft' | 'published';
      activity.cancelledAt = now;
      activity.cancelReason = reason ?? null;
      await this.booking.cancelAll(db, activity);
      await this.outbox.append(db, ActivityCancelledV1, {
        activityId: activity.id,
        previousStatus,
        reason,
        cancelledAt: now.toISOString(),
      });
    });
  }

  /** Locks the activity row: registrations and lifecycle changes of one activity queue behind each other. */
  private async lock(db: EntityManager, id: string): Promise<Activity> {
    const activity = await this.activities.lock(db, id);
    if (!activity) {
      throw new NotFoundException(`Activity ${id} does not exist.`);
    }
    return activity;
  }

  private async transition(
    id: string,
    to: ActivityStatus,
    apply: (db: EntityManager, activity: Activity, now: Date) => Promise<void>,
  ): Promise<ActivityView> {
    return this.dataSource.transaction(async (db) => {
      const activity = await this.lock(db, id);
      const now = new Date();
      return toView(await this.move(db, activity, to, now, () => apply(db, activity, now)));
    });
  }

  /** One lifecycle move of a locked activity in the caller's transaction: the rule, the work, the row. */
  private async move(
    db: EntityManager,
    activity: Activity,
    to: ActivityStatus,
    now: Date,
    apply: () => Promise<void>,
  ): Promise<Activity> {
    const refusal = transitionRefusal(activity.status, to);
    if (refusal) {
      throw new ConflictException(refusal);
    }
    await apply();
    activity.status = to;
    activity.updatedAt = now;
    await this.activities.update(db, activity.id, {
      status: to,
      updatedAt: now,
      publishedAt: activity.publishedAt,
      heldAt: activity.heldAt,
      closedAt: activity.closedAt,
      cancelledAt: activity.cancelledAt,
      cancelReason: activity.cancelReason,
      participants: activity.participants,
      groups: activity.groups,
      actualCostCents: activity.actualCostCents,
      lessons: activity.lessons,
    });
    return activity;
  }
}

/** Partners see activities open to them and those they co-organise; organisers and admins see all. */
function isPartnerOnly(principal?: Principal): boolean {
  return Boolean(
    principal &&
    principal.roles.includes('partner') &&
    !principal.roles.some((role) => role === 'organiser' || role === 'admin'),
  );
}

function period(startsAtText: string, endsAtText: string): { startsAt: Date; endsAt: Date } {
  const startsAt = new Date(startsAtText);
  const endsAt = new Date(endsAtText);
  if (endsAt <= startsAt) {
    throw new InvalidInputException([{ name: 'endsAt', reason: 'endsAt must be after startsAt' }]);
  }
  return { startsAt, endsAt };
}

/** What the activity names of its programme, as the facts of a request would. */
function factsOfScope(activity: Activity): Pick<ActivityFactsDto, 'programmeCode' | 'prestatieCode' | 'actionNumber'> {
  return { prestatieCode: activity.prestatieCode, actionNumber: activity.actionNumber ?? undefined };
}

/** What an activity names of a programme, each with the field that named it, for the programme check. */
function scopeClaim(
  facts: Pick<ActivityFactsDto, 'programmeCode' | 'prestatieCode' | 'actionNumber'>,
  startsAt: Date,
): ScopeClaim {
  return {
    programmeCode: facts.programmeCode,
    date: startsAt,
    prestaties: [{ code: facts.prestatieCode, field: 'prestatieCode' }],
    actions:
      facts.actionNumber === undefined
        ? []
        : [{ prestatieCode: facts.prestatieCode, number: facts.actionNumber, field: 'actionNumber' }],
  };
}

function columnsOf(facts: Partial<ActivityFactsDto>): ActivityChanges {
  const columns: ActivityChanges = {
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
  ) as ActivityChanges;
}

/** The closed activity already holds these figures: the outcome was recorded before. */
function sameFigures(activity: Activity, input: ActivityOutcomeDto): boolean {
  return (
    activity.actualCostCents === input.actualCostCents &&
    (input.participants === undefined || activity.participants === input.participants) &&
    (input.groups ?? null) === activity.groups
  );
}
