import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
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

/** Sends mail over SMTP; pooled, so a batch of reminders reuses one connection. */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(private readonly config: MailingServiceConfig) {
    this.transport = createTransport({
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: config.SMTP_SECURE,
      pool: true,
      maxConnections: 2,
      auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } : undefined,
      // A local relay in development has no certificate worth checking; production sets SMTP_SECURE.
      tls: { rejectUnauthorized: config.SMTP_SECURE },
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
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
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
