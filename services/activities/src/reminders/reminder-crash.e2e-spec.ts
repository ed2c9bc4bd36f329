import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { SmtpReceiver, TestSystem, waitFor, type ReceivedMail, type ServiceProcess } from '@deelwijs/testing';
import { mailId } from './notification-ids';

/**
 * "A reminder goes out once even when a worker dies mid-job", on the built service: the
 * process SIGKILLs itself (MAIL_FAULT_INJECTION) in the middle of sending a reminder, is
 * started again, and BullMQ hands the interrupted job to the new worker once its lock expires.
 */
describe('a reminder whose worker dies mid-job (real process, SIGKILL)', () => {
  const receiver = new SmtpReceiver();
  const system = new TestSystem('reminder_crash');
  let databaseUrl: string;
  let activities: ServiceProcess;

  beforeAll(async () => {
    await receiver.start();
    databaseUrl = await system.database('activities');
    activities = await system.start('activities', databaseUrl, {
      ...receiver.env(),
      PUBLIC_BASE_URL: 'https://deelwijs.test',
      // The reminder is due 5 s after the registration; the start leaves room for two restarts.
      REMINDER_OFFSETS_SECONDS: '25',
      NOTIFICATION_JOB_LOCK_MS: '1000',
      NOTIFICATION_CONCURRENCY: '1',
      OUTBOX_POLL_INTERVAL_MS: '100',
      MAIL_FAULT_INJECTION: 'crash-after-claim:reminder',
    });
  }, 60_000);

  afterAll(async () => {
    await system.cleanUp();
    await receiver.stop();
  }, 60_000);

  async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** An activity over the API, published at once, starting 30 s from now. */
  async function activityStartingSoon(): Promise<{ id: string; startsAt: Date }> {
    const startsAt = new Date(Math.ceil((Date.now() + 30_000) / 1000) * 1000);
    const response = await activities.request('POST', '/v1/activities', {
      roles: ['organiser'],
      body: {
        type: 'guest-lesson',
        title: { nl: 'Gastles democratie' },
        prestatieCode: '7.2.3',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        publish: true,
      },
    });
    expect(response.status).toBe(201);
    return { id: response.body.id as string, startsAt };
  }

  /** A registration over the API: the row and its event, as the service writes them. */
  async function register(activityId: string): Promise<{ id: string; email: string }> {
    const email = `leerkracht-${randomUUID().slice(0, 8)}@school.example`;
    const response = await activities.request('POST', `/v1/activities/${activityId}/registrations`, {
      roles: ['organiser'],
      body: { kind: 'individual', contactName: 'Mevrouw Jansen', contactEmail: email },
    });
    expect(response.status).toBe(201);
    return { id: response.body.id as string, email };
  }

  const reminders = (email: string) =>
    receiver.to(email).filter((mail) => mail.subject.startsWith('Herinnering'));
  const ledger = (id: string) =>
    query<{ status: string; attempts: number }>(
      `SELECT status, attempts FROM sent_mails WHERE mail_id = $1`,
      [id],
    );

  it('dies after claiming the reminder and before sending it: the next worker sends it, once', async () => {
    const activity = await activityStartingSoon();
    const registrant = await register(activity.id);
    const reminderId = mailId({
      kind: 'reminder',
      registrationId: registrant.id,
      offsetSeconds: 25,
      startsAt: activity.startsAt.toISOString(),
    });

    // The confirmation goes out normally; the reminder's first attempt kills the process.
    await waitFor(
      async () => receiver.to(registrant.email),
      (mails) => mails.length === 1,
      { what: 'the confirmation' },
    );
    expect(await activities.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await ledger(reminderId)).toEqual([{ status: 'claimed', attempts: 1 }]);
    expect(reminders(registrant.email)).toEqual([]);

    // The next life crashes after sending instead, but only on a reminder's first attempt.
    await activities.start({ MAIL_FAULT_INJECTION: 'crash-after-send:reminder' });
    const [mail] = await waitFor(
      async () => reminders(registrant.email),
      (mails: ReceivedMail[]) => mails.length === 1,
      {
        what: 'the reminder after the restart',
      },
    );
    expect(mail.messageId).toBe(`<${reminderId}@deelwijs.test>`);
    await waitFor(
      () => ledger(reminderId),
      (rows) => rows[0]?.status === 'sent',
      { what: 'the ledger to mark it sent' },
    );
    expect(await ledger(reminderId)).toEqual([{ status: 'sent', attempts: 2 }]);
    expect(reminders(registrant.email)).toHaveLength(1);
  }, 60_000);

  it('dies after sending and before marking: the repeat carries the same Message-ID, so it is recognisable', async () => {
    const activity = await activityStartingSoon();
    const registrant = await register(activity.id);
    const reminderId = mailId({
      kind: 'reminder',
      registrationId: registrant.id,
      offsetSeconds: 25,
      startsAt: activity.startsAt.toISOString(),
    });

    expect(await activities.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await ledger(reminderId)).toEqual([{ status: 'claimed', attempts: 1 }]);
    expect(reminders(registrant.email)).toHaveLength(1);

    await activities.start({ MAIL_FAULT_INJECTION: '' });
    const mails = await waitFor(
      async () => reminders(registrant.email),
      (found: ReceivedMail[]) => found.length === 2,
      {
        what: 'the repeated reminder',
      },
    );
    expect(mails.map((mail) => mail.messageId)).toEqual([
      `<${reminderId}@deelwijs.test>`,
      `<${reminderId}@deelwijs.test>`,
    ]);
    await waitFor(
      () => ledger(reminderId),
      (rows) => rows[0]?.status === 'sent',
      { what: 'the ledger to mark it sent' },
    );
    expect(await ledger(reminderId)).toEqual([{ status: 'sent', attempts: 2 }]);
  }, 60_000);
});
