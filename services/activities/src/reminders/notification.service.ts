import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Jobs, Mailer } from '@deelwijs/platform';
import { ActivitiesConfig } from '../config/activities.config';
import { CancelTokens } from '../cancel-tokens/cancel-tokens';
import {
  renderAttendanceMail,
  renderRegistrantMail,
  type MailFacts,
  type RenderedMail,
} from './mail-templates';
import {
  mailId,
  messageIdFor,
  NOTIFICATIONS_QUEUE,
  SEND_MAIL_JOB,
  type MailJob,
  type MailKind,
  type RegistrantRemindersJob,
} from './notification-ids';
import { registrantSkipReason } from './registrant-mail-policy';
import { RemindersRepository } from './reminders.repository';

export type DeliveryOutcome =
  | { outcome: 'sent'; attempt: number }
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'already-sent' }
  /** Another worker claimed the mail since (this job was taken over as stalled); that one sends it. */
  | { outcome: 'taken-over' };

const FAN_OUT_CHUNK = 1_000;

/**
 * Sends one mail of a mail job: reads the recipient and the facts at send time (a job holds
 * ids only), decides whether the mail is still due, and goes through the sent-mail ledger
 * (claim, send, mark; see RemindersRepository).
 */
@Injectable()
export class NotificationService {
  private readonly logger = new Logger(NotificationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reminders: RemindersRepository,
    private readonly mailer: Mailer,
    private readonly jobs: Jobs,
    private readonly config: ActivitiesConfig,
    private readonly tokens: CancelTokens,
  ) {}

  async deliver(job: MailJob, now = new Date()): Promise<DeliveryOutcome> {
    const id = mailId(job);
    // While the SMTP server is away the job waits (JobRunner delays it without spending an
    // attempt); the Mailer has said so once, no need to read and claim the mail first.
    this.mailer.assertAvailable();
    const prepared =
      job.kind === 'attendance'
        ? await this.prepareAttendance(job)
        : await this.prepareRegistrantMail(job, now);
    if ('skip' in prepared) {
      await this.reminders.skipMail(this.dataSource.manager, id, job.kind, prepared.refs, prepared.skip);
      return { outcome: 'skipped', reason: prepared.skip };
    }
    const claim = await this.reminders.claimMail(this.dataSource.manager, id, job.kind, prepared.refs);
    if (!claim) {
      return { outcome: 'already-sent' };
    }
    if (claim.previous === 'claimed') {
      this.logger.warn({
        msg: 'an earlier attempt at this mail claimed it and did not record it sent (its worker ended before its commit, or stalled and was taken over); whether the SMTP server took it is unknown, so it is sent again under the same Message-ID',
        mailId: id,
        attempt: claim.attempt,
      });
    }
    this.injectFault('crash-after-claim', job.kind, claim.attempt);
    try {
      // The mark is written first and committed only once the SMTP server has taken the mail, so
      // the row stays locked while it is sent: a worker that takes over this job as stalled while
      // the first is still talking to a slow server waits for that commit and then finds the mail
      // sent, and a worker that dies mid-send loses its session, which rolls the mark back and
      // frees the row at once. What remains is the moment between the server's 250 and our
      // COMMIT; a crash exactly there resends under the same Message-ID.
      const sent = await this.dataSource.transaction(async (manager) => {
        if (!(await this.reminders.markSentFor(manager, id, claim.attempt))) {
          return false;
        }
        await this.mailer.send({
          to: prepared.to,
          subject: prepared.mail.subject,
          text: prepared.mail.text,
          messageId: messageIdFor(id, this.config.PUBLIC_BASE_URL),
          headers: { 'X-Deelwijs-Mail-Id': id },
        });
        this.injectFault('crash-after-send', job.kind, claim.attempt);
        return true;
      });
      if (!sent) {
        return { outcome: 'taken-over' };
      }
    } catch (error) {
      await this.reminders.markFailed(this.dataSource.manager, id, claim.attempt);
      throw error;
    }
    return { outcome: 'sent', attempt: claim.attempt };
  }

  /**
   * At a reminder's time: one mail job per registration that then holds a place. Who cancelled
   * before is not reminded; who registered after got a confirmation instead.
   */
  async fanOutReminders(job: RegistrantRemindersJob, now = new Date()): Promise<number> {
    const rows = await this.reminders.reminderRecipients(
      this.dataSource.manager,
      job.activityId,
      new Date(job.startsAt),
      now,
    );
    for (let start = 0; start < rows.length; start += FAN_OUT_CHUNK) {
      await this.jobs.queue(NOTIFICATIONS_QUEUE).addBulk(
        rows.slice(start, start + FAN_OUT_CHUNK).map((id) => {
          const data: MailJob = {
            kind: 'reminder',
            registrationId: id,
            offsetSeconds: job.offsetSeconds,
            startsAt: job.startsAt,
          };
          return { name: SEND_MAIL_JOB, data, opts: { jobId: mailId(data) } };
        }),
      );
    }
    return rows.length;
  }

  private async prepareRegistrantMail(
    job: Exclude<MailJob, { kind: 'attendance' }>,
    now: Date,
  ): Promise<
    | { skip: string; refs: { registrationId: string; activityId?: string } }
    | { refs: { registrationId: string; activityId?: string }; to: string; mail: RenderedMail }
  > {
    const row = await this.reminders.registrantMail(this.dataSource.manager, job.registrationId);
    const refs = { registrationId: job.registrationId, activityId: row?.activity_id };
    const skip = registrantSkipReason(
      job,
      row && {
        status: row.status,
        contactEmail: row.contact_email,
        anonymisedAt: row.anonymised_at,
        activityStatus: row.activity_status,
        startsAt: row.starts_at,
      },
      now,
    );
    if (skip) {
      return { skip, refs };
    }
    // A missing registration was skipped above ('registration-gone').
    const mail = row!;
    const facts: MailFacts = {
      language: mail.language,
      titleNl: mail.title_nl,
      titleEn: mail.title_en,
      startsAt: mail.starts_at,
      endsAt: mail.ends_at,
      venueName: mail.venue_name,
      venueAddress: mail.venue_address,
      contactName: mail.contact_name,
      cancelLink: this.tokens.linkFor(this.config.PUBLIC_BASE_URL, job.registrationId),
      waitlistPosition: mail.waitlist_position ?? undefined,
      cancelReason: mail.cancel_reason,
    };
    return { refs, to: mail.contact_email!, mail: renderRegistrantMail(job.kind, facts) };
  }

  private async prepareAttendance(
    job: Extract<MailJob, { kind: 'attendance' }>,
  ): Promise<
    | { skip: string; refs: { activityId: string } }
    | { refs: { activityId: string }; to: string; mail: RenderedMail }
  > {
    const refs = { activityId: job.activityId };
    const row = await this.reminders.attendanceMail(this.dataSource.manager, job.activityId);
    if (!row) {
      return { skip: 'activity-gone', refs };
    }
    if (row.status !== 'published' && row.status !== 'held') {
      return { skip: `activity-${row.status}`, refs };
    }
    if (row.ends_at.getTime() !== Date.parse(job.endsAt)) {
      return { skip: 'activity-moved', refs };
    }
    if (!row.organiser_email) {
      return { skip: 'no-address', refs };
    }
    const mail = renderAttendanceMail({
      activityId: job.activityId,
      publicBaseUrl: this.config.PUBLIC_BASE_URL,
      language: 'nl',
      titleNl: row.title_nl,
      titleEn: row.title_en,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      venueName: row.venue_name,
      venueAddress: row.venue_address,
    });
    return { refs, to: row.organiser_email, mail };
  }

  /** Crash tests: the first attempt of a mail of the configured kind dies at the configured point. */
  private injectFault(
    point: 'crash-after-claim' | 'crash-after-send',
    kind: MailKind,
    attempt: number,
  ): void {
    if (attempt === 1 && this.config.MAIL_FAULT_INJECTION === `${point}:${kind}`) {
      this.logger.warn({ msg: 'fault injection: SIGKILL', point, kind });
      process.kill(process.pid, 'SIGKILL');
    }
  }
}
