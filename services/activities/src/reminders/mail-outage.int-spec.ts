import { Writable } from 'node:stream';
import { freePort, SmtpReceiver, waitFor } from '@deelwijs/testing';
import { InProcessActivities } from '../testing/in-process-activities';

/**
 * The service's own log lines (its JSON logger's output from the moment the app is built), by
 * level, to count what an outage says. Taken from the logger's destination rather than by
 * overriding Nest's static Logger once the app runs: lines logged in between were lost, and the
 * first "cannot be reached" comes from the probe at bootstrap.
 */
class CollectedLogLines extends Writable {
  readonly lines: Array<{ level: string; message: string }> = [];
  private pending = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.pending += chunk.toString('utf8');
    const complete = this.pending.split('\n');
    this.pending = complete.pop() ?? '';
    for (const line of complete.filter(Boolean)) {
      const entry = JSON.parse(line) as { level: string; msg?: unknown };
      this.lines.push({ level: entry.level, message: String(entry.msg ?? '') });
    }
    done();
  }
}

/**
 * An SMTP relay that is down when the service starts and comes back later (real PostgreSQL,
 * NATS, Redis; a real SMTP server started on the relay's port half-way): readiness and metrics
 * say so, the log says it once per interval rather than once per mail, no mail spends its
 * attempts or is dropped, and every one goes out, once, when the relay answers.
 */
describe('mail while the SMTP server is away (real PostgreSQL, NATS, Redis, SMTP)', () => {
  const logs = new CollectedLogLines();
  const receiver = new SmtpReceiver();
  let port: number;
  let service: InProcessActivities;
  let watchedSince: number;

  beforeAll(async () => {
    port = await freePort();
    watchedSince = Date.now();
    service = await InProcessActivities.start(
      'mail_outage',
      {
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(port),
        SMTP_RETRY_INTERVAL_MS: '500',
      },
      { destination: logs },
    );
  }, 60_000);
  afterAll(async () => {
    await service?.close();
    await receiver.stop();
  }, 30_000);

  const health = async () => (await service.request('GET', '/health')).body as { status: string; checks: Record<string, string> };
  const metric = async (line: RegExp) => Number(line.exec((await service.request('GET', '/metrics')).text)?.[1] ?? NaN);

  it('keeps the confirmations waiting, says so once per interval, and sends each once when the server is back', async () => {
    await waitFor(health, (report) => report.checks.mail === 'down', { what: 'readiness to report mail down' });
    // Mail does not decide readiness: the API still serves.
    expect(await health()).toMatchObject({ status: 'up', checks: { database: 'up', nats: 'up', redis: 'up', mail: 'down' } });

    const activity = await service.createActivity({ organiserEmail: 'org-outage@overijssel.example' });
    const emails = Array.from({ length: 6 }, (_, index) => `outage-${index}-${Date.now()}@example.org`);
    const ids: string[] = [];
    for (const email of emails) {
      ids.push((await service.register(activity.id, { contactEmail: email })).id);
    }
    // Each confirmation has been tried (a failed send is counted) and waits, delayed, its attempts unspent.
    await waitFor(() => metric(/^deelwijs_mail_failures_total\{reason="unavailable"\} (\d+)/m), (count) => count >= emails.length, {
      what: 'a failed send counted per confirmation',
    });
    const queue = /^deelwijs_queue_jobs\{queue="notifications",state="(\w+)"\} (\d+)$/gm;
    const states = Object.fromEntries([...(await service.request('GET', '/metrics')).text.matchAll(queue)].map((match) => [match[1], Number(match[2])]));
    expect(states.failed).toBe(0);
    const waitingErrors = logs.lines.filter((line) => line.level === 'error').length;
    // The probe's lines while down: one per 500 ms interval at most (and one when it went down).
    const intervalsWatched = Math.ceil((Date.now() - watchedSince) / 500) + 1;

    await receiver.start(port);
    const delivered = await waitFor(
      async () => emails.map((email) => receiver.to(email).length),
      (counts) => counts.every((count) => count >= 1),
      { what: 'every confirmation delivered after the server came back', timeoutMs: 30_000 },
    );
    expect(delivered).toEqual(emails.map(() => 1));
    expect((await health()).checks.mail).toBe('up');
    const ledger = await service.query<{ status: string; attempts: number }>(
      `SELECT status, attempts FROM sent_mails WHERE registration_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(ledger.map((row) => row.status)).toEqual(ids.map(() => 'sent'));

    // One line when it went down, at most one per interval while down: not one per mail or attempt.
    const errors = logs.lines.filter((line) => line.level === 'error');
    expect(errors[0].message).toMatch(new RegExp(`^SMTP server 127.0.0.1:${port} (still )?cannot be reached \\(.*ECONNREFUSED.*\\); mails wait`));
    expect(waitingErrors).toBeLessThanOrEqual(intervalsWatched);
    expect(errors.every((line) => /^SMTP server/.test(line.message))).toBe(true);
    expect(logs.lines.some((line) => line.level === 'info' && /answers again/.test(line.message))).toBe(true);
    // Nothing called an interrupted attempt, nothing failed as a job.
    expect(logs.lines.filter((line) => /earlier attempt|job failed/.test(line.message))).toEqual([]);
  }, 90_000);
});
