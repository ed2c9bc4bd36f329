import {
  registrantRemindersJobId,
  mailId,
  type MailJob,
  type RegistrantRemindersJob,
} from './notification-ids';

export interface PlannedActivity {
  id: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  organiserEmail: string | null;
}

export interface ReminderSettings {
  /** Seconds before the start at which registrants are reminded. */
  offsetsSeconds: number[];
  /** Seconds after the end at which the organiser is asked to record attendance. */
  attendanceAfterSeconds: number;
}

export interface PlannedJob<T> {
  jobId: string;
  data: T;
  delayMs: number;
}

export interface ReminderPlan {
  registrantReminders: PlannedJob<RegistrantRemindersJob>[];
  attendance: PlannedJob<MailJob> | null;
}

/**
 * The delayed jobs an activity should have now. Only a published activity reminds anyone; a
 * reminder whose time has passed is not planned (who registered later got a confirmation,
 * and one planned earlier already exists under the same id). The attendance reminder is also
 * planned for a held activity, whose close-out is what it asks for.
 */
export function planReminders(
  activity: PlannedActivity,
  settings: ReminderSettings,
  now: Date,
): ReminderPlan {
  const startsAt = activity.startsAt.toISOString();
  const registrantReminders =
    activity.status === 'published'
      ? [...new Set(settings.offsetsSeconds)]
          .map((offsetSeconds) => ({
            offsetSeconds,
            due: activity.startsAt.getTime() - offsetSeconds * 1000,
          }))
          .filter(({ due }) => due > now.getTime())
          .map(({ offsetSeconds, due }) => {
            const data = { activityId: activity.id, offsetSeconds, startsAt };
            return { jobId: registrantRemindersJobId(data), data, delayMs: due - now.getTime() };
          })
      : [];
  let attendance: PlannedJob<MailJob> | null = null;
  if ((activity.status === 'published' || activity.status === 'held') && activity.organiserEmail) {
    const data: MailJob = {
      kind: 'attendance',
      activityId: activity.id,
      endsAt: activity.endsAt.toISOString(),
    };
    const due = activity.endsAt.getTime() + settings.attendanceAfterSeconds * 1000;
    attendance = { jobId: mailId(data), data, delayMs: Math.max(0, due - now.getTime()) };
  }
  return { registrantReminders, attendance };
}

/** The ids the activity's jobs had at an earlier time, to remove them when it moves or is cancelled. */
export function jobIdsAt(
  activityId: string,
  startsAt: Date,
  endsAt: Date,
  settings: ReminderSettings,
): string[] {
  return [
    ...settings.offsetsSeconds.map((offsetSeconds) =>
      registrantRemindersJobId({ activityId, offsetSeconds, startsAt: startsAt.toISOString() }),
    ),
    mailId({ kind: 'attendance', activityId, endsAt: endsAt.toISOString() }),
  ];
}
