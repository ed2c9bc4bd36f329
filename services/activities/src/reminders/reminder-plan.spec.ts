import { mailId, messageIdFor, registrantRemindersJobId } from './notification-ids';
import { jobIdsAt, planReminders, type PlannedActivity } from './reminder-plan';
import { registrantSkipReason, type RegistrantState } from './registrant-mail-policy';

const HOUR = 3600;
const now = new Date('2026-03-01T12:00:00Z');
const activity: PlannedActivity = {
  id: '6f1c1f0e-5b7a-4a59-9d55-0d7d1c2b4e11',
  status: 'published',
  startsAt: new Date('2026-03-12T18:30:00Z'),
  endsAt: new Date('2026-03-12T20:30:00Z'),
  organiserEmail: 'organisator@overijssel.example',
};
const settings = { offsetsSeconds: [48 * HOUR, 2 * HOUR], attendanceAfterSeconds: 2 * HOUR };

describe('reminder plan', () => {
  it('plans one fan-out job per offset and the attendance reminder, each at its time', () => {
    const plan = planReminders(activity, settings, now);
    expect(
      plan.registrantReminders.map((job) => new Date(now.getTime() + job.delayMs).toISOString()),
    ).toEqual(['2026-03-10T18:30:00.000Z', '2026-03-12T16:30:00.000Z']);
    expect(plan.registrantReminders[0].jobId).toBe(`registrant-reminders.${activity.id}.172800.1773340200`);
    expect(plan.attendance?.data).toEqual({
      kind: 'attendance',
      activityId: activity.id,
      endsAt: '2026-03-12T20:30:00.000Z',
    });
    expect(new Date(now.getTime() + plan.attendance!.delayMs).toISOString()).toBe('2026-03-12T22:30:00.000Z');
  });

  it('gives the same ids however often it is asked, and other ids once the activity moves', () => {
    const again = planReminders(activity, settings, new Date(now.getTime() + 60_000));
    expect(again.registrantReminders.map((job) => job.jobId)).toEqual(
      planReminders(activity, settings, now).registrantReminders.map((job) => job.jobId),
    );
    const moved = planReminders(
      { ...activity, startsAt: new Date('2026-03-13T18:30:00Z'), endsAt: new Date('2026-03-13T20:30:00Z') },
      settings,
      now,
    );
    const before = jobIdsAt(activity.id, activity.startsAt, activity.endsAt, settings);
    expect(before).toEqual([
      ...planReminders(activity, settings, now).registrantReminders.map((job) => job.jobId),
      planReminders(activity, settings, now).attendance!.jobId,
    ]);
    for (const job of moved.registrantReminders) {
      expect(before).not.toContain(job.jobId);
    }
  });

  it('skips reminders whose time has passed', () => {
    const late = new Date('2026-03-11T12:00:00Z');
    expect(
      planReminders(activity, settings, late).registrantReminders.map((job) => job.data.offsetSeconds),
    ).toEqual([2 * HOUR]);
  });

  it('reminds no registrant of a draft, held or cancelled activity; the organiser of a held one still', () => {
    for (const status of ['draft', 'held', 'closed', 'cancelled']) {
      expect(planReminders({ ...activity, status }, settings, now).registrantReminders).toEqual([]);
    }
    expect(planReminders({ ...activity, status: 'held' }, settings, now).attendance).not.toBeNull();
    expect(planReminders({ ...activity, status: 'cancelled' }, settings, now).attendance).toBeNull();
    expect(planReminders({ ...activity, organiserEmail: null }, settings, now).attendance).toBeNull();
  });

  it('makes ids BullMQ accepts and a Message-ID under the public host', () => {
    const id = mailId({
      kind: 'reminder',
      registrationId: activity.id,
      offsetSeconds: 7200,
      startsAt: '2026-03-12T18:30:00.000Z',
    });
    expect(id).toBe(`reminder.${activity.id}.7200.1773340200`);
    expect(id).not.toContain(':');
    expect(
      registrantRemindersJobId({
        activityId: activity.id,
        offsetSeconds: 1,
        startsAt: '2026-03-12T18:30:00Z',
      }),
    ).not.toContain(':');
    expect(messageIdFor(id, 'https://deelwijs.overijssel.nl/')).toBe(`<${id}@deelwijs.overijssel.nl>`);
  });
});

describe('whether a registrant mail is still due when it is sent', () => {
  const state: RegistrantState = {
    status: 'accepted',
    contactEmail: 'anne@example.org',
    anonymisedAt: null,
    activityStatus: 'published',
    startsAt: activity.startsAt,
  };
  const reminder = {
    kind: 'reminder' as const,
    registrationId: activity.id,
    offsetSeconds: 7200,
    startsAt: activity.startsAt.toISOString(),
  };

  it('sends a reminder to an accepted registrant before the start', () => {
    expect(registrantSkipReason(reminder, state, now)).toBeUndefined();
  });

  it.each([
    ['cancelled registration', { status: 'cancelled' as const }, 'registration-cancelled'],
    ['erased registrant', { anonymisedAt: now, contactEmail: null }, 'no-address'],
    ['moved activity', { startsAt: new Date('2026-03-13T18:30:00Z') }, 'activity-moved'],
    ['cancelled activity', { activityStatus: 'cancelled' }, 'activity-cancelled'],
  ])('skips a reminder for a %s', (_label, change, reason) => {
    expect(registrantSkipReason(reminder, { ...state, ...change }, now)).toBe(reason);
  });

  it('skips a reminder once the activity has started', () => {
    expect(registrantSkipReason(reminder, state, activity.startsAt)).toBe('activity-started');
  });

  it('sends notices only while they are true', () => {
    expect(
      registrantSkipReason(
        { kind: 'waitlisted', registrationId: activity.id },
        { ...state, status: 'accepted' },
        now,
      ),
    ).toBe('registration-accepted');
    expect(
      registrantSkipReason(
        { kind: 'activity-cancelled', registrationId: activity.id },
        { ...state, status: 'cancelled' },
        now,
      ),
    ).toBeUndefined();
    expect(registrantSkipReason({ kind: 'confirmation', registrationId: activity.id }, undefined, now)).toBe(
      'registration-gone',
    );
  });
});
