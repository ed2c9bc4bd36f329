import type { MailJob } from './notification-ids';

/** What the mail job reads about a registration and its activity when it is about to send. */
export interface RegistrantState {
  status: 'accepted' | 'waitlisted' | 'cancelled';
  contactEmail: string | null;
  anonymisedAt: Date | null;
  activityStatus: string;
  startsAt: Date;
}

/**
 * Why a registrant's mail is not sent (or undefined: send it). Decided at send time, from
 * the state as it is then: a job scheduled before a cancellation, an erasure or a move finds
 * out here and sends nothing, so no job has to be hunted down and removed for correctness.
 */
export function registrantSkipReason(
  job: Exclude<MailJob, { kind: 'attendance' }>,
  state: RegistrantState | undefined,
  now: Date,
): string | undefined {
  if (!state) {
    return 'registration-gone';
  }
  if (state.anonymisedAt || !state.contactEmail) {
    return 'no-address';
  }
  switch (job.kind) {
    case 'confirmation':
    case 'promoted':
      return state.status === 'accepted' ? undefined : `registration-${state.status}`;
    case 'waitlisted':
      return state.status === 'waitlisted' ? undefined : `registration-${state.status}`;
    case 'registration-cancelled':
    case 'activity-cancelled':
      return state.status === 'cancelled' ? undefined : `registration-${state.status}`;
    case 'reminder':
      if (state.status !== 'accepted') {
        return `registration-${state.status}`;
      }
      if (state.activityStatus !== 'published') {
        return `activity-${state.activityStatus}`;
      }
      if (state.startsAt.getTime() !== Date.parse(job.startsAt)) {
        return 'activity-moved';
      }
      return now < state.startsAt ? undefined : 'activity-started';
  }
}
