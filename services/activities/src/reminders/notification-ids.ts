import { ACTIVITIES_QUEUES } from '@deelwijs/platform';

/**
 * Job ids and mail ids are derived from what a mail is about, so that scheduling the same thing
 * twice (a redelivered event, two instances) adds nothing, and a mail retried after a crash is
 * recognisable by its Message-ID. An id that depends on the activity's time changes when the
 * activity moves: a moved activity gets fresh reminders. BullMQ refuses ":" in custom ids.
 */
export const NOTIFICATIONS_QUEUE = ACTIVITIES_QUEUES.notifications;
export const REGISTRANT_REMINDERS_JOB = 'registrant-reminders';
export const SEND_MAIL_JOB = 'send-mail';

export const REGISTRANT_MAIL_KINDS = [
  'confirmation',
  'waitlisted',
  'promoted',
  'reminder',
  'registration-cancelled',
  'activity-cancelled',
] as const;
export type RegistrantMailKind = (typeof REGISTRANT_MAIL_KINDS)[number];
export type MailKind = RegistrantMailKind | 'attendance';

/** A mail job's data: ids and the times it was planned for, never an address. */
export type MailJob =
  | { kind: Exclude<RegistrantMailKind, 'reminder'>; registrationId: string }
  | { kind: 'reminder'; registrationId: string; offsetSeconds: number; startsAt: string }
  | { kind: 'attendance'; activityId: string; endsAt: string };

/** The fan-out job: at its time, every accepted registration of the activity gets a reminder mail. */
export interface RegistrantRemindersJob {
  activityId: string;
  offsetSeconds: number;
  startsAt: string;
}

const epoch = (iso: string) => String(Date.parse(iso) / 1000);

export function mailId(job: MailJob): string {
  switch (job.kind) {
    case 'reminder':
      return `reminder.${job.registrationId}.${job.offsetSeconds}.${epoch(job.startsAt)}`;
    case 'attendance':
      return `attendance.${job.activityId}.${epoch(job.endsAt)}`;
    default:
      return `${job.kind}.${job.registrationId}`;
  }
}

export function registrantRemindersJobId(job: RegistrantRemindersJob): string {
  return `registrant-reminders.${job.activityId}.${job.offsetSeconds}.${epoch(job.startsAt)}`;
}

/** A Message-ID under the service's own host name, from the mail's deterministic id. */
export function messageIdFor(id: string, publicBaseUrl: string): string {
  return `<${id}@${new URL(publicBaseUrl).hostname}>`;
}
