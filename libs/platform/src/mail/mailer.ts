import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { Counter } from 'prom-client';
import { RetryLaterError } from '../jobs/retry-later.error';
import type { MailingServiceConfig } from './mailing-service.config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /**
   * A Message-ID derived from what the mail is about (a reminder's job id, a delivery's id):
   * should a send be repeated after a crash, receivers and the test can recognise the repeat.
   */
  messageId: string;
  headers?: Record<string, string>;
  attachments?: Array<{ filename: string; content: Buffer | string; contentType: string }>;
}

/**
 * The SMTP server did not take the mail because it could not be reached (refused, timed out,
 * closed, "421 service not available"): nothing about this mail is wrong, so a caller should
 * let it wait rather than spend its attempts. `retryInMs` is when the Mailer looks again.
 */
export class MailServerUnavailableError extends RetryLaterError {
  constructor(
    readonly server: string,
    readonly reason: string,
    retryInMs: number,
  ) {
    super(`SMTP server ${server} cannot be reached (${reason})`, retryInMs);
    this.name = 'MailServerUnavailableError';
  }
}

/** Every send that failed, by why: `unavailable` (the server could not be reached) or `refused` (it refused this mail). */
export const mailFailures = new Counter({
  name: 'deelwijs_mail_failures_total',
  help: 'Mails the SMTP server did not take, by reason',
  labelNames: ['reason'] as const,
});

/** nodemailer's codes for "the server could not be talked to", as opposed to "it refused this mail". */
const UNAVAILABLE_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH']);

function unavailableReason(error: unknown): string | undefined {
  const { code, responseCode, message } = (error ?? {}) as { code?: string; responseCode?: number; message?: string };
  if (responseCode === 421) {
    return `421 ${message ?? 'service not available'}`;
  }
  if (code && UNAVAILABLE_CODES.has(code)) {
    // nodemailer's message holds the cause ("connect ECONNREFUSED 127.0.0.1:1025").
    return message ?? code;
  }
  return undefined;
}

/**
 * Sends mail over SMTP; pooled, so a batch of reminders reuses one connection.
 *
 * It also knows whether the server answers. The first failure to reach it is logged as one
 * error line; while it stays away, one line per `SMTP_RETRY_INTERVAL_MS` (from a probe that
 * also notices its return when no mail is waiting), and sends in between fail at once with
 * MailServerUnavailableError without another connection attempt. Readiness shows the state
 * (`mail: down`), and deelwijs_mail_failures_total counts every failed send.
 */
@Injectable()
export class Mailer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Mailer');
  private readonly transport: Transporter;
  private readonly server: string;
  private down?: { since: number; reason: string; failures: number };
  private probe?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly config: MailingServiceConfig) {
    this.server = `${config.SMTP_HOST}:${config.SMTP_PORT}`;
    this.transport = createTransport({
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: config.SMTP_SECURE,
      pool: true,
      maxConnections: 2,
      // Fail a dead server within seconds, not nodemailer's two minutes.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } : undefined,
      // A local relay in development has no certificate worth checking; production sets SMTP_SECURE.
      tls: { rejectUnauthorized: config.SMTP_SECURE },
    });
  }

  /** Says at start, not at the first reminder, when the server is not there. */
  onApplicationBootstrap(): void {
    void this.verify();
  }

  /** Whether the last contact with the SMTP server succeeded (true until one fails). */
  get available(): boolean {
    return !this.down;
  }

  /**
   * Throws MailServerUnavailableError (counted as a failed send) while the server cannot be
   * reached, so a caller can let a mail wait before it does any work for it.
   */
  assertAvailable(): void {
    if (this.down) {
      this.down.failures += 1;
      mailFailures.inc({ reason: 'unavailable' });
      throw new MailServerUnavailableError(this.server, this.down.reason, this.config.SMTP_RETRY_INTERVAL_MS);
    }
  }

  async send(mail: OutgoingMail): Promise<void> {
    // The probe looks again at its interval; until then, another connection would fail the same way.
    this.assertAvailable();
    try {
      await this.transport.sendMail({
        from: this.config.SMTP_FROM,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: mail.headers,
        attachments: mail.attachments,
      });
    } catch (error) {
      const reason = unavailableReason(error);
      mailFailures.inc({ reason: reason ? 'unavailable' : 'refused' });
      if (reason) {
        this.wentDown(reason);
        throw new MailServerUnavailableError(this.server, reason, this.config.SMTP_RETRY_INTERVAL_MS);
      }
      throw error;
    }
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.probe);
    this.transport.close();
  }

  private async verify(): Promise<void> {
    try {
      await this.transport.verify();
      if (this.down) {
        const minutes = Math.round((Date.now() - this.down.since) / 60_000);
        this.logger.log({
          msg: `SMTP server ${this.server} answers again after ${minutes} min; waiting mails go out now`,
          failedSends: this.down.failures,
        });
        this.down = undefined;
      }
    } catch (error) {
      const reason = unavailableReason(error) ?? (error as Error).message;
      if (this.down) {
        this.down.reason = reason;
        this.logger.error({
          msg: `SMTP server ${this.server} still cannot be reached (${reason}); mails wait, next try in ${seconds(this.config.SMTP_RETRY_INTERVAL_MS)}`,
          downSince: new Date(this.down.since).toISOString(),
          failedSends: this.down.failures,
        });
        this.scheduleProbe();
      } else {
        this.wentDown(reason);
      }
    }
  }

  private wentDown(reason: string): void {
    if (this.down) {
      this.down.failures += 1;
      return;
    }
    this.down = { since: Date.now(), reason, failures: 1 };
    this.logger.error({
      msg: `SMTP server ${this.server} cannot be reached (${reason}); mails wait and go out when it answers, next try in ${seconds(this.config.SMTP_RETRY_INTERVAL_MS)} (set SMTP_HOST and SMTP_PORT)`,
    });
    this.scheduleProbe();
  }

  private scheduleProbe(): void {
    if (this.stopped) {
      return;
    }
    clearTimeout(this.probe);
    this.probe = setTimeout(() => void this.verify(), this.config.SMTP_RETRY_INTERVAL_MS);
    this.probe.unref();
  }
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
