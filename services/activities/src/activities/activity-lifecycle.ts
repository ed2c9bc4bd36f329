import type { ActivityStatus } from './activity';

/**
 * Which status an activity may move to from which. Held means "it took place" (it counts
 * toward targets); closed means its figures and lessons are final.
 */
const TRANSITIONS: Record<ActivityStatus, readonly ActivityStatus[]> = {
  draft: ['published', 'cancelled'],
  published: ['held', 'cancelled'],
  held: ['closed'],
  closed: [],
  cancelled: [],
};

export function allowedTransitions(from: ActivityStatus): readonly ActivityStatus[] {
  return TRANSITIONS[from];
}

/** Why the move is not allowed, in words a user reads; undefined when it is. */
export function transitionRefusal(from: ActivityStatus, to: ActivityStatus): string | undefined {
  if (TRANSITIONS[from].includes(to)) {
    return undefined;
  }
  const allowed = TRANSITIONS[from];
  const next = allowed.length ? `from ${from} it can become ${allowed.join(' or ')}` : `${from} is final`;
  return `An activity that is ${from} cannot become ${to}: ${next}.`;
}

/** Rescheduling and editing its facts are allowed until the activity is held. */
export function isChangeable(status: ActivityStatus): boolean {
  return status === 'draft' || status === 'published';
}
