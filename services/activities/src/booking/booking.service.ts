import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  RegistrationAcceptedV1,
  RegistrationCancelledV1,
  RegistrationPromotedV1,
  RegistrationWaitlistedV1,
} from '@deelwijs/contracts';
import { OutboxWriter } from '@deelwijs/messaging';
import { toAmsterdamIso } from '../shared/amsterdam-time';
import { BookingRepository, type PlaceHolder } from './booking.repository';
import { isRefusal, place, type BookableActivity, type Placed, type Refusal } from './placement';
import { partnerMaySee } from './visibility';
import type {
  CancelledBy,
  Registrant,
  Registration,
  RegistrationDetails,
  RegistrationKind,
} from './registration';

/** One registration asked for. */
export interface BookingRequest {
  activityId: string;
  details: RegistrationDetails;
}

/** What became of a request: placed (accepted or waitlisted), a duplicate of an earlier one, or refused. */
export type Booking =
  | { request: BookingRequest; outcome: 'placed'; placed: Placed; registration: Registration }
  | { request: BookingRequest; outcome: 'duplicate'; registrationId: string }
  | { request: BookingRequest; outcome: 'rejected'; refusal: Refusal };

export type PlacedBooking = Extract<Booking, { outcome: 'placed' }>;

export interface ListedRegistration {
  registration: Registration;
  waitlistPosition: number | null;
}

/**
 * The booking core: the one owner of an activity's places taken, its registrations' booking
 * state and its waiting list. Registrations book and cancel through it; activities call it
 * when their capacity grows (promotion), when they are cancelled (every registration with
 * them) and when they are held or closed (attendance). Every method runs in the caller's
 * transaction (`db`) and appends its events to the outbox in it.
 *
 * Capacity cannot be overbooked: every change of places taken happens under the activity's
 * row lock, so each transaction sees the places the previous one took.
 */
@Injectable()
export class BookingService {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * Places the requests, in order, under the row locks of their activities, and records the
   * placed ones with their events. Answers one booking per request, in the same order.
   * `allOrNothing`: if any request is refused or a duplicate, nothing is written.
   */
  async book(
    db: EntityManager,
    requests: BookingRequest[],
    registrant: Registrant,
    options: { allOrNothing?: boolean } = {},
  ): Promise<Booking[]> {
    const bookings = await this.decide(db, requests, registrant);
    const placed = bookings.filter((booking): booking is PlacedBooking => booking.outcome === 'placed');
    if (options.allOrNothing && placed.length < bookings.length) {
      return bookings;
    }
    await this.record(db, registrant, placed);
    return bookings;
  }

  /**
   * Cancels a registration. Registrants and partners may do so until the activity's deadline;
   * organisers until the activity is held. A freed place goes to the waiting list.
   */
  async cancel(
    db: EntityManager,
    id: string,
    by: CancelledBy,
    partnerOrganisationId?: string | null,
  ): Promise<Registration> {
    const known = await this.bookings.find(db, id);
    if (!known || (partnerOrganisationId && known.partnerOrganisationId !== partnerOrganisationId)) {
      throw new NotFoundException(`Registration ${id} does not exist.`);
    }
    // Activity first, then the registration: the same order as registering, so no deadlock.
    const activity = (await this.bookings.lockActivity(db, known.activityId))!;
    const registration = (await this.bookings.find(db, id, true))!;
    if (registration.status === 'cancelled') {
      return registration;
    }
    if (activity.status !== 'published' && activity.status !== 'draft') {
      throw new ConflictException(
        `The activity is ${activity.status}; its registrations can no longer be cancelled.`,
      );
    }
    const deadline = new Date(activity.startsAt.getTime() - activity.cancellationDeadlineHours * 3_600_000);
    if (by !== 'organiser' && new Date() > deadline) {
      throw new ConflictException(
        `Cancellation closed at ${toAmsterdamIso(deadline)}, ${activity.cancellationDeadlineHours} hours before the start; ask the organiser.`,
      );
    }
    const wasWaitlisted = registration.status === 'waitlisted';
    await this.bookings.markCancelled(db, id, by);
    await this.outbox.append(db, RegistrationCancelledV1, {
      ...facts(registration),
      wasWaitlisted,
      cancelledBy: by,
    });
    if (!wasWaitlisted) {
      activity.placesTaken -= registration.places;
      await this.bookings.setPlacesTaken(db, activity.id, activity.placesTaken);
      await this.promote(db, activity);
    }
    return { ...registration, status: 'cancelled' };
  }

  /**
   * Promotes waiting registrations strictly in the order they came in, until the next one
   * does not fit: a class of 28 at the head of the list is not overtaken by a later single.
   * The caller holds the activity's row lock (so two cancellations cannot promote the same
   * registration or overfill the activity); `activity.placesTaken` is kept current.
   */
  async promote(db: EntityManager, activity: BookableActivity): Promise<number> {
    if (activity.status !== 'published') {
      return 0;
    }
    const waiting = await this.bookings.waiting(db, activity.id);
    const promoted: PlaceHolder[] = [];
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
    await this.bookings.markPromoted(
      db,
      promoted.map((registration) => registration.id),
    );
    await this.bookings.setPlacesTaken(db, activity.id, taken);
    activity.placesTaken = taken;
    await this.outbox.appendMany(
      db,
      RegistrationPromotedV1,
      promoted.map((registration) => facts({ ...registration, activityId: activity.id })),
    );
    return promoted.length;
  }

  /**
   * The activity is cancelled: so is every registration that still holds or waits for a
   * place. The caller holds the activity's row lock; `activity.placesTaken` becomes 0.
   */
  async cancelAll(db: EntityManager, activity: BookableActivity): Promise<void> {
    const cancelled = await this.bookings.cancelAllOf(db, activity.id);
    activity.placesTaken = 0;
    await this.outbox.appendMany(
      db,
      RegistrationCancelledV1,
      cancelled.map((registration) => ({
        ...facts({ ...registration, activityId: activity.id }),
        wasWaitlisted: registration.wasWaitlisted,
        cancelledBy: 'activity-cancelled' as const,
      })),
    );
  }

  /** Refuses a capacity that the places already taken would not fit in, before the activity changes. */
  checkCapacityChange(
    activity: BookableActivity,
    change: { capacity?: number | null; capacityUnit?: 'people' | 'groups' },
  ): void {
    if (change.capacity !== undefined && change.capacity !== null && change.capacity < activity.placesTaken) {
      throw new ConflictException(
        `capacity cannot go below the ${activity.placesTaken} places already taken; cancel registrations first.`,
      );
    }
    if (change.capacityUnit && change.capacityUnit !== activity.capacityUnit && activity.placesTaken > 0) {
      throw new ConflictException('capacityUnit cannot change once places are taken.');
    }
  }

  /** Records that an accepted registration's people came; repeating it keeps the first time. */
  async checkIn(db: EntityManager, activityId: string, id: string): Promise<Registration> {
    const activity = await this.bookings.lockActivity(db, activityId, 'share');
    const registration = await this.bookings.findOfActivity(db, activityId, id);
    if (!activity || !registration) {
      throw new NotFoundException(`Registration ${id} of activity ${activityId} does not exist.`);
    }
    if (activity.status !== 'published' && activity.status !== 'held') {
      throw new ConflictException(
        `The activity is ${activity.status}; attendance can be recorded while it is published or held.`,
      );
    }
    if (registration.status !== 'accepted') {
      throw new ConflictException(
        `Registration ${id} is ${registration.status}; only an accepted registration can check in.`,
      );
    }
    if (!registration.checkedInAt) {
      registration.checkedInAt = new Date();
      await this.bookings.markCheckedIn(db, id, registration.checkedInAt);
    }
    return registration;
  }

  /** People and groups checked in with an accepted registration: the activity's attendance. */
  attendance(db: EntityManager, activityId: string): Promise<{ people: number; groups: number }> {
    return this.bookings.attendance(db, activityId);
  }

  /**
   * An activity's registrations (a partner's own only, when given), in order of arrival, with
   * their places on the whole waiting list. An activity the partner may not see is 404, as if
   * it did not exist.
   */
  async registrationsOf(
    db: EntityManager,
    activityId: string,
    partnerOrganisationId: string | null,
  ): Promise<ListedRegistration[]> {
    const activity = await this.bookings.findActivity(db, activityId);
    if (!activity || (partnerOrganisationId && !partnerMaySee(activity, partnerOrganisationId))) {
      throw new NotFoundException(`Activity ${activityId} does not exist.`);
    }
    const registrations = await this.bookings.registrationsOf(db, activityId, partnerOrganisationId);
    const positions = await this.bookings.waitlistPositions(db, activityId);
    return registrations.map((registration) => ({
      registration,
      waitlistPosition: positions.get(registration.id) ?? null,
    }));
  }

  /** One registration (of the partner, when given) with its place on the waiting list. */
  async registration(
    db: EntityManager,
    id: string,
    partnerOrganisationId: string | null,
  ): Promise<ListedRegistration> {
    const registration = await this.bookings.find(db, id);
    if (
      !registration ||
      (partnerOrganisationId && registration.partnerOrganisationId !== partnerOrganisationId)
    ) {
      throw new NotFoundException(`Registration ${id} does not exist.`);
    }
    const positions = await this.bookings.waitlistPositions(db, registration.activityId);
    return { registration, waitlistPosition: positions.get(id) ?? null };
  }

  /** Registration id → place on the activity's waiting list: what every view of a position shows. */
  waitlistPositions(db: EntityManager, activityId: string): Promise<Map<string, number>> {
    return this.bookings.waitlistPositions(db, activityId);
  }

  /** Locks the activities involved and places every request, as the ones before it left the activity. */
  private async decide(
    db: EntityManager,
    requests: BookingRequest[],
    registrant: Registrant,
  ): Promise<Booking[]> {
    const activityIds = [...new Set(requests.map((request) => request.activityId))].sort();
    const references = requests
      .map((request) => request.details.externalReference)
      .filter((reference): reference is string => !!reference);
    const { locked, existing } = await this.bookings.lockForBooking(
      db,
      activityIds,
      registrant.partnerOrganisationId && references.length > 0
        ? { partnerOrganisationId: registrant.partnerOrganisationId, references }
        : undefined,
    );
    const partner = registrant.partnerOrganisationId
      ? { organisationId: registrant.partnerOrganisationId }
      : undefined;
    const now = new Date();
    return requests.map((request): Booking => {
      const reference = request.details.externalReference;
      if (reference !== undefined && existing.has(reference)) {
        return { request, outcome: 'duplicate', registrationId: existing.get(reference)! };
      }
      const result = place(
        locked.get(request.activityId) ?? { activity: undefined, waiting: 0 },
        request.activityId,
        request.details,
        partner,
        now,
      );
      if (isRefusal(result)) {
        return { request, outcome: 'rejected', refusal: result };
      }
      const registration = newRegistration(request, result, registrant, now);
      if (reference !== undefined && registrant.partnerOrganisationId) {
        // A second request with the same reference in this call is a duplicate of the first.
        existing.set(reference, registration.id);
      }
      return { request, outcome: 'placed', placed: result, registration };
    });
  }

  /** The placed registrations, their places and their events in one write (one round trip). */
  private async record(db: EntityManager, registrant: Registrant, placed: PlacedBooking[]): Promise<void> {
    if (placed.length === 0) {
      return;
    }
    const accepted = placed.filter((booking) => booking.placed.status === 'accepted');
    const waitlisted = placed.filter((booking) => booking.placed.status === 'waitlisted');
    const events = this.outbox.prepare(db, [
      ...accepted.map((booking) => ({ contract: RegistrationAcceptedV1, payload: facts(booking.registration) })),
      ...waitlisted.map((booking) => ({
        contract: RegistrationWaitlistedV1,
        payload: { ...facts(booking.registration), position: booking.placed.position! },
      })),
    ]);
    const inserted = await this.bookings.insertPlaced(
      db,
      registrant,
      placed.map((booking) => booking.registration),
      events,
    );
    await this.outbox.recorded(db, events, inserted);
  }
}

/** The facts a registration's events carry; never who registered. */
function facts(registration: {
  id: string;
  activityId: string;
  partnerOrganisationId: string | null;
  kind: RegistrationKind;
  headcount: number;
}) {
  return {
    registrationId: registration.id,
    activityId: registration.activityId,
    partnerOrganisationId: registration.partnerOrganisationId ?? undefined,
    kind: registration.kind,
    headcount: registration.headcount,
  };
}

/** The registration as it is about to be inserted; the answer is built from it without reading it back. */
function newRegistration(
  request: BookingRequest,
  placed: Placed,
  registrant: Registrant,
  now: Date,
): Registration {
  const { details, activityId } = request;
  return {
    id: randomUUID(),
    activityId,
    kind: details.kind,
    status: placed.status,
    headcount: placed.headcount,
    places: placed.places,
    partnerOrganisationId: registrant.partnerOrganisationId,
    externalReference: details.externalReference ?? null,
    registeredBy: registrant.registeredBy,
    waitlistSeq: '',
    language: details.language ?? 'nl',
    contactName: details.contactName,
    contactEmail: details.contactEmail,
    contactPhone: details.contactPhone ?? null,
    schoolName: details.schoolName ?? null,
    className: details.className ?? null,
    checkedInAt: null,
    promotedAt: null,
    cancelledAt: null,
    cancelledBy: null,
    anonymisedAt: null,
    createdAt: now,
  };
}
