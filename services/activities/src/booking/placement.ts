import type { RegistrationDetails } from './registration';
import { partnerMaySee } from './visibility';

export type Refusal =
  | { kind: 'not-found'; reason: string }
  | { kind: 'closed'; reason: string }
  | { kind: 'invalid'; field: string; reason: string };

export interface Placed {
  status: 'accepted' | 'waitlisted';
  places: number;
  headcount: number;
  /** Position on the waiting list, when waitlisted. */
  position?: number;
}

/**
 * The activity as booking sees it: what decides whether a registration fits. The activities
 * feature's record has this shape, so it can hand its locked activity to the booking core.
 */
export interface BookableActivity {
  id: string;
  status: string;
  startsAt: Date;
  capacityUnit: 'people' | 'groups';
  /** Places in capacityUnit; null for no limit. */
  capacity: number | null;
  /** Written by the booking core only. */
  placesTaken: number;
  partnerOrganisationIds: string[];
  openToAllPartners: boolean;
  cancellationDeadlineHours: number;
}

export interface ActivityUnderLock {
  activity: BookableActivity | undefined;
  /** Registrations waiting for a place; a newcomer does not overtake them. */
  waiting: number;
}

/**
 * Decides where one registration goes, given the activity as the registrations before it in
 * the same transaction left it: the caller holds the row lock, and this keeps `placesTaken`
 * and `waiting` current.
 */
export function place(
  locked: ActivityUnderLock,
  activityId: string,
  input: RegistrationDetails,
  partner: { organisationId: string } | undefined,
  now: Date,
): Placed | Refusal {
  const { activity } = locked;
  // An activity a partner may not see does not exist for it: the same answer, nothing to learn.
  if (!activity || (partner && !partnerMaySee(activity, partner.organisationId))) {
    return { kind: 'not-found', reason: `activity ${activityId} does not exist` };
  }
  if (partner) {
    if (activity.status !== 'published') {
      return {
        kind: 'closed',
        reason: `activity ${activityId} is ${activity.status}, not open for registration`,
      };
    }
    if (activity.startsAt <= now) {
      return {
        kind: 'closed',
        reason: `activity ${activityId} has started; registration is closed, the organiser can still record it`,
      };
    }
  } else if (activity.status !== 'published' && activity.status !== 'held') {
    // Organisers also record after the fact: walk-ins and the paper list entered the next day,
    // once the activity has started and until it is closed, under the same capacity rules.
    return {
      kind: 'closed',
      reason: `activity ${activityId} is ${activity.status}, not open for registration`,
    };
  }
  const headcount = input.kind === 'individual' ? 1 : input.headcount!;
  if (input.kind === 'individual' && input.headcount !== undefined && input.headcount !== 1) {
    return {
      kind: 'invalid',
      field: 'headcount',
      reason: 'headcount of an individual registration is 1; register a group instead',
    };
  }
  const places = activity.capacityUnit === 'people' ? headcount : 1;
  if (activity.capacity !== null && places > activity.capacity) {
    return {
      kind: 'invalid',
      field: 'headcount',
      reason: `a group of ${headcount} can never fit: activity ${activityId} has ${activity.capacity} places`,
    };
  }
  if (
    locked.waiting === 0 &&
    (activity.capacity === null || activity.placesTaken + places <= activity.capacity)
  ) {
    activity.placesTaken += places;
    return { status: 'accepted', places, headcount };
  }
  locked.waiting += 1;
  return { status: 'waitlisted', places, headcount, position: locked.waiting };
}

export function isRefusal(result: Placed | Refusal): result is Refusal {
  return 'kind' in result;
}
