import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { MailKind } from './notification-ids';

export interface Claim {
  /** 1 on the first attempt; more means an earlier attempt was interrupted (or its send failed). */
  attempt: number;
}

/**
 * Claim, send, mark: a mail is claimed in its own committed statement before it is sent and
 * marked sent after. A retry (BullMQ takes up the job of a worker that died) finds a sent
 * mail and sends nothing; a claim without the mark means the worker died between claim and
 * mark, so whether the SMTP server took the mail is unknown: it is sent again under the same
 * Message-ID, which makes the repeat recognisable. At least once, never twice unnoticed.
 */
@Injectable()
export class SentMailLedger {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Returns the claim, or null when the mail was already sent or skipped. */
  async claim(
    mailId: string,
    kind: MailKind,
    refs: { activityId?: string; registrationId?: string },
  ): Promise<Claim | null> {
    const rows = (await this.dataSource.query(
      `INSERT INTO sent_mails (mail_id, kind, activity_id, registration_id, status)
       VALUES ($1, $2, $3, $4, 'claimed')
       ON CONFLICT (mail_id) DO UPDATE SET attempts = sent_mails.attempts + 1, claimed_at = now()
         WHERE sent_mails.status = 'claimed'
       RETURNING attempts`,
      [mailId, kind, refs.activityId ?? null, refs.registrationId ?? null],
    )) as Array<{ attempts: number }>;
    return rows.length > 0 ? { attempt: rows[0].attempts } : null;
  }

  async markSent(mailId: string): Promise<void> {
    await this.dataSource.query(`UPDATE sent_mails SET status = 'sent', sent_at = now() WHERE mail_id = $1`, [
      mailId,
    ]);
  }

  /** Recorded so that a later retry of the same mail does not send it after all. */
  async skip(
    mailId: string,
    kind: MailKind,
    refs: { activityId?: string; registrationId?: string },
    reason: string,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO sent_mails (mail_id, kind, activity_id, registration_id, status, skip_reason)
       VALUES ($1, $2, $3, $4, 'skipped', $5)
       ON CONFLICT (mail_id) DO UPDATE SET status = 'skipped', skip_reason = $5 WHERE sent_mails.status = 'claimed'`,
      [mailId, kind, refs.activityId ?? null, refs.registrationId ?? null, reason],
    );
  }
}
