import { RegistrationAcceptedV1 } from '@deelwijs/contracts';
import { Jobs } from '@deelwijs/platform';
import { SmtpReceiver, waitFor, type ReceivedMail } from '@deelwijs/testing';
import { CancelTokens } from '../cancel-tokens/cancel-tokens';
import { InProcessActivities } from '../testing/in-process-activities';
import { mailId, NOTIFICATIONS_QUEUE, registrantRemindersJobId } from './notification-ids';
import { NotificationService } from './notification.service';

/**
 * Reminders and notices driven by the service's own events, delivered to a real SMTP server.
 * Activities and registrations are made, moved and cancelled through the API, so the events
 * are the ones the service writes.
 * Offsets are in seconds here (REMINDER_OFFSETS_SECONDS), so an activity that starts a few
 * seconds from now gets its reminders within the test; nothing sleeps, the test waits for mail.
 */
describe('reminders and notices (real PostgreSQL, NATS, Redis, SMTP)', () => {
  const receiver = new SmtpReceiver();
  let service: InProcessActivities;

  beforeAll(async () => {
    await receiver.start();
    service = await InProcessActivities.start('reminders', {
      ...receiver.env(),
      REMINDER_OFFSETS_SECONDS: '6,3',
      ATTENDANCE_REMINDER_AFTER_SECONDS: '1',
    });
  }, 60_000);
  afterAll(async () => {
    await service?.close();
    await receiver.stop();
  }, 30_000);

  const facts = (registrationId: string, activityId: string) => ({
    registrationId,
    activityId,
    kind: 'individual' as const,
    headcount: 1,
  });
  const mailsTo = (address: string) => receiver.to(address);
  const waitForMails = (address: string, count: number, what: string) =>
    waitFor(
      async () => mailsTo(address),
      (mails: ReceivedMail[]) => mails.length >= count,
      { what, timeoutMs: 20_000 },
    );

  async function publishedActivity(
    startsInMs: number,
    organiserEmail: string,
    durationMs = 3_600_000,
    capacity?: number,
  ): Promise<string> {
    const startsAt = new Date(Date.now() + startsInMs);
    const activity = await service.createActivity({
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + durationMs).toISOString(),
      organiserEmail,
      ...(capacity ? { capacity } : {}),
    });
    return activity.id;
  }

  async function register(
    activityId: string,
    body: Record<string, unknown> = {},
  ): Promise<{ id: string; email: string; status: string }> {
    const email = `registrant-${Math.random().toString(36).slice(2)}@example.org`;
    const registered = await service.register(activityId, { contactEmail: email, ...body });
    return { id: registered.id, email, status: registered.status };
  }

  async function organiserPosts(path: string, body?: unknown): Promise<void> {
    const response = await service.request('POST', path, { roles: ['organiser'], body });
    expect([path, response.status]).toEqual([path, 200]);
  }

  it('confirms a registration once, in Dutch, with the cancel link, however often the event comes', async () => {
    const activityId = await publishedActivity(3_600_000, 'org-confirm@overijssel.example');
    const { id, email } = await register(activityId);
    // A replay of the same fact (another event id) schedules nothing new.
    await service.appendEventAgain(RegistrationAcceptedV1, facts(id, activityId));
    await waitFor(
      () => service.query(`SELECT 1 FROM inbox WHERE subject = $1`, [RegistrationAcceptedV1.subject]),
      (rows) => rows.length === 2,
      { what: 'both events to be handled' },
    );

    const [mail] = await waitForMails(email, 1, 'the confirmation');
    expect(mail.subject).toMatch(/^Aanmelding bevestigd: Democratiespel/);
    expect(mail.text).toContain(service.app.get(CancelTokens).linkFor('https://deelwijs.test', id));
    expect(mail.messageId).toBe(`<confirmation.${id}@deelwijs.test>`);
    await waitFor(
      () =>
        service.query<{ status: string }>(`SELECT status FROM sent_mails WHERE registration_id = $1`, [id]),
      (rows) => rows.length === 1 && rows[0].status === 'sent',
      { what: 'the ledger to record the confirmation' },
    );
    expect(mailsTo(email)).toHaveLength(1);
  });

  it('writes English to a registrant who chose it, and tells a waitlisted one their position', async () => {
    const activityId = await publishedActivity(3_600_000, 'org-lang@overijssel.example', 3_600_000, 1);
    const english = await register(activityId, { language: 'en' });
    const waiting = await register(activityId);
    expect([english.status, waiting.status]).toEqual(['accepted', 'waitlisted']);

    expect((await waitForMails(english.email, 1, 'the English confirmation'))[0].subject).toMatch(
      /^Registration confirmed: /,
    );
    expect((await waitForMails(waiting.email, 1, 'the waiting-list notice'))[0].text).toContain(
      'u staat op de wachtlijst (plaats 1)',
    );
  });

  it('reminds accepted registrants at each offset, but not one who cancelled or was erased; the organiser is asked for attendance after the end', async () => {
    const organiser = 'org-remind@overijssel.example';
    const activityId = await publishedActivity(8_000, organiser, 1_000);
    const stays = await register(activityId);
    const cancels = await register(activityId);
    const erased = await register(activityId);
    await organiserPosts(`/v1/registrations/${cancels.id}/cancellation`);
    await organiserPosts(`/v1/registrations/${erased.id}/erasure`);

    const mails = await waitForMails(stays.email, 3, 'the confirmation and two reminders');
    const reminders = mails.filter((mail) => mail.subject.startsWith('Herinnering'));
    const [{ starts_at: startsAt }] = await service.query<{ starts_at: Date }>(
      `SELECT starts_at FROM activities WHERE id = $1`,
      [activityId],
    );
    expect(reminders.map((mail) => mail.messageId).sort()).toEqual(
      [3, 6]
        .map(
          (offset) =>
            `<${mailId({ kind: 'reminder', registrationId: stays.id, offsetSeconds: offset, startsAt: startsAt.toISOString() })}@deelwijs.test>`,
        )
        .sort(),
    );
    expect(reminders.every((mail) => mail.text.includes('registration-cancellations'))).toBe(true);
    expect((await waitForMails(organiser, 1, 'the attendance reminder'))[0].subject).toMatch(
      /^Registreer de aanwezigheid/,
    );

    const cancelledMails = mailsTo(cancels.email).map((mail) => mail.subject.split(':')[0]);
    expect(cancelledMails.filter((subject) => subject === 'Herinnering')).toEqual([]);
    expect(cancelledMails).toContain('Afmelding bevestigd');
    expect(mailsTo(erased.email).filter((mail) => mail.subject.startsWith('Herinnering'))).toEqual([]);
  }, 30_000);

  it('a worker that takes over a mail still being sent waits for the first one and sends nothing', async () => {
    const activityId = await publishedActivity(3_600_000, 'org-takeover@overijssel.example');
    const registrant = await register(activityId);
    await waitForMails(registrant.email, 1, 'the confirmation');
    const [{ starts_at: startsAt }] = await service.query<{ starts_at: Date }>(
      `SELECT starts_at FROM activities WHERE id = $1`,
      [activityId],
    );
    const job = {
      kind: 'reminder' as const,
      registrationId: registrant.id,
      offsetSeconds: 6,
      startsAt: startsAt.toISOString(),
    };
    const notifications = service.app.get(NotificationService);

    // The SMTP server has the mail but has not answered 250 yet when BullMQ, having lost the
    // first worker's lock, gives the job to a second worker.
    const slowServer = receiver.holdNextReply();
    const first = notifications.deliver(job);
    await slowServer.arrived;
    const second = notifications.deliver(job);
    await waitFor(
      () =>
        service.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO sent_mails%'`,
        ),
      (rows) => rows[0].waiting === 1,
      { what: "the second worker's claim to wait for the first one's send" },
    );
    slowServer.release();

    expect(await first).toEqual({ outcome: 'sent', attempt: 1 });
    expect(await second).toEqual({ outcome: 'already-sent' });
    const messageId = `<${mailId(job)}@deelwijs.test>`;
    expect(mailsTo(registrant.email).filter((mail) => mail.messageId === messageId)).toHaveLength(1);
  });

  it('moves the reminders of a rescheduled activity: the old jobs go, reminders come for the new time', async () => {
    const activityId = await publishedActivity(3_600_000, 'org-move@overijssel.example');
    const registrant = await register(activityId);
    await waitForMails(registrant.email, 1, 'the confirmation');
    const [{ starts_at: oldStart, ends_at: oldEnd }] = await service.query<{
      starts_at: Date;
      ends_at: Date;
    }>(`SELECT starts_at, ends_at FROM activities WHERE id = $1`, [activityId]);
    const queue = service.app.get(Jobs).queue(NOTIFICATIONS_QUEUE);
    const oldJob = registrantRemindersJobId({
      activityId,
      offsetSeconds: 6,
      startsAt: oldStart.toISOString(),
    });
    await waitFor(
      () => queue.getJob(oldJob),
      (job) => job !== undefined,
      { what: 'the reminder job for the first time' },
    );

    const newStart = new Date(Date.now() + 8_000);
    const newEnd = new Date(newStart.getTime() + 3_600_000);
    await organiserPosts(`/v1/activities/${activityId}/reschedulings`, {
      startsAt: newStart.toISOString(),
      endsAt: newEnd.toISOString(),
    });

    const mails = await waitForMails(registrant.email, 3, 'reminders for the new time');
    expect(
      mails
        .slice(1)
        .map((mail) => mail.messageId)
        .sort(),
    ).toEqual(
      [3, 6]
        .map(
          (offset) =>
            `<${mailId({ kind: 'reminder', registrationId: registrant.id, offsetSeconds: offset, startsAt: newStart.toISOString() })}@deelwijs.test>`,
        )
        .sort(),
    );
    expect(await queue.getJob(oldJob)).toBeUndefined();
    expect(
      await queue.getJob(mailId({ kind: 'attendance', activityId, endsAt: oldEnd.toISOString() })),
    ).toBeUndefined();
  }, 30_000);

  it('drops the reminders of a cancelled activity and tells its registrants', async () => {
    const organiser = 'org-cancel@overijssel.example';
    const activityId = await publishedActivity(3_600_000, organiser);
    const registrant = await register(activityId);
    await waitForMails(registrant.email, 1, 'the confirmation');
    const [{ starts_at: startsAt, ends_at: endsAt }] = await service.query<{
      starts_at: Date;
      ends_at: Date;
    }>(`SELECT starts_at, ends_at FROM activities WHERE id = $1`, [activityId]);
    const queue = service.app.get(Jobs).queue(NOTIFICATIONS_QUEUE);
    const reminderJob = registrantRemindersJobId({
      activityId,
      offsetSeconds: 3,
      startsAt: startsAt.toISOString(),
    });
    await waitFor(
      () => queue.getJob(reminderJob),
      (job) => job !== undefined,
      { what: 'the reminder job' },
    );

    await organiserPosts(`/v1/activities/${activityId}/cancellation`, { reason: 'De spreker is ziek.' });

    const mails = await waitForMails(registrant.email, 2, 'the cancellation notice');
    expect(mails[1].subject).toMatch(/^Activiteit gaat niet door/);
    expect(mails[1].text).toContain('Reden: De spreker is ziek.');
    await waitFor(
      () => queue.getJob(reminderJob),
      (job) => job === undefined,
      { what: 'the reminder job to be removed' },
    );
    expect(
      await queue.getJob(mailId({ kind: 'attendance', activityId, endsAt: endsAt.toISOString() })),
    ).toBeUndefined();
  });
});
