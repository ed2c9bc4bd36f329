import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updatedRows } from '../shared/updated-rows';
import type { MailKind } from './notification-ids';

export interface Claim {
  /** 1 on the first attempt; more means earlier attempts failed to send or were interrupted. */
  attempt: number;
  /**
   * What the ledger said before this claim: `failed` (the last attempt's send was refused or the
   * server could not be reached, so nothing went out), `claimed` (the last attempt ended between
   * claim and record, so whether the server took the mail is unknown), or null on the first.
   */
  previous: 'claimed' | 'failed' | null;
}

/** When an activity takes place, as its reminder jobs are planned from. */
export interface ActivityTimes {
  id: string;
  status: string;
  starts_at: Date;
  ends_at: Date;
  organiser_email: string | null;
}

/** A registrant's mail at send time: the recipient, the registration's state and the activity's facts. */
export interface RegistrantMailRow {
  activity_id: string;
  status: 'accepted' | 'waitlisted' | 'cancelled';
  language: 'nl' | 'en';
  contact_name: string | null;
  contact_email: string | null;
  anonymised_at: Date | null;
  waitlist_position: number | null;
  activity_status: string;
  title_nl: string;
  title_en: string | null;
  starts_at: Date;
  ends_at: Date;
  venue_name: string | null;
  venue_address: string | null;
  cancel_reason: string | null;
}

/** The organiser's attendance reminder at send time. */
export interface AttendanceMailRow {
  status: string;
  title_nl: string;
  title_en: string | null;
  starts_at: Date;
  ends_at: Date;
  venue_name: string | null;
  venue_address: string | null;
  organiser_email: string | null;
}

/**
 * All SQL of reminders: the sent-mail ledger (`sent_mails`, ids only, never an address) and
 * the reads of activities and registrations a mail is made from when it is sent.
 *
 * The ledger is claim, send, mark: a mail is claimed in its own committed statement before it
 * is sent, and marked sent in a transaction that commits once the SMTP server took it (the row
 * stays locked while it is sent). A retry (BullMQ takes up the job of a worker that died) finds
 * a sent mail and sends nothing; one that takes over a job still being sent waits for the lock
 * and finds it sent; a claim without the mark means the worker died before its commit, so
 * whether the SMTP server took the mail is unknown: it is sent again under the same Message-ID,
 * which makes the repeat recognisable. At least once, never twice unnoticed.
 * A send that failed is recorded as `failed` (nothing went out), so its retry is not mistaken
 * for one after a crash.
 */
@Injectable()
export class RemindersRepository {
  /** Returns the claim, or null when the mail was already sent or skipped. */
  async claimMail(
    db: EntityManager,
    mailId: string,
    kind: MailKind,
    refs: { activityId?: string; registrationId?: string },
  ): Promise<Claim | null> {
    // The CTE reads the row as it was before this statement changed it.
    const rows = (await db.query(
      `WITH previous AS (SELECT status FROM sent_mails WHERE mail_id = $1)
       INSERT INTO sent_mails (mail_id, kind, activity_id, registration_id, status)
       VALUES ($1, $2, $3, $4, 'claimed')
       ON CONFLICT (mail_id) DO UPDATE SET attempts = sent_mails.attempts + 1, claimed_at = now(), status = 'claimed'
         WHERE sent_mails.status IN ('claimed', 'failed')
       RETURNING attempts, (SELECT status FROM previous) AS previous`,
      [mailId, kind, refs.activityId ?? null, refs.registrationId ?? null],
    )) as Array<{ attempts: number; previous: Claim['previous'] }>;
    return rows.length > 0 ? { attempt: rows[0].attempts, previous: rows[0].previous } : null;
  }

  /** The send of a claimed mail failed: nothing went out, and the next attempt claims it again. */
  async markFailed(db: EntityManager, mailId: string, attempt: number): Promise<void> {
    await db.query(
      `UPDATE sent_mails SET status = 'failed' WHERE mail_id = $1 AND status = 'claimed' AND attempts = $2`,
      [mailId, attempt],
    );
  }

  /**
   * Marks the mail sent for this attempt, inside the caller's transaction (which commits once
   * the SMTP server took the mail). False when the claim is no longer this attempt's: another
   * worker claimed it since, or marked it sent; then this one must not send. The row lock makes
   * a second worker wait here for the first one's commit and then read its outcome.
   */
  async markSentFor(db: EntityManager, mailId: string, attempt: number): Promise<boolean> {
    const rows = updatedRows(
      await db.query(
        `UPDATE sent_mails SET status = 'sent', sent_at = now()
         WHERE mail_id = $1 AND status = 'claimed' AND attempts = $2 RETURNING 1`,
        [mailId, attempt],
      ),
    );
    return rows.length > 0;
  }

  /** Recorded so that a later retry of the same mail does not send it after all. */
  async skipMail(
    db: EntityManager,
    mailId: string,
    kind: MailKind,
    refs: { activityId?: string; registrationId?: string },
    reason: string,
  ): Promise<void> {
    await db.query(
      `INSERT INTO sent_mails (mail_id, kind, activity_id, registration_id, status, skip_reason)
       VALUES ($1, $2, $3, $4, 'skipped', $5)
       ON CONFLICT (mail_id) DO UPDATE SET status = 'skipped', skip_reason = $5 WHERE sent_mails.status IN ('claimed', 'failed')`,
      [mailId, kind, refs.activityId ?? null, refs.registrationId ?? null, reason],
    );
  }

  async activityTimes(db: EntityManager, activityId: string): Promise<ActivityTimes | undefined> {
    const [row] = (await db.query(
      `SELECT id, status, starts_at, ends_at, organiser_email FROM activities WHERE id = $1`,
      [activityId],
    )) as ActivityTimes[];
    return row;
  }

  /** The registrations that hold a place in the activity at `startsAt` (still its start, and after `now`) and have an address. */
  async reminderRecipients(
    db: EntityManager,
    activityId: string,
    startsAt: Date,
    now: Date,
  ): Promise<string[]> {
    const rows = (await db.query(
      `SELECT r.id FROM registrations r JOIN activities a ON a.id = r.activity_id
        WHERE a.id = $1 AND a.status = 'published' AND a.starts_at = $2 AND a.starts_at > $3
          AND r.status = 'accepted' AND r.anonymised_at IS NULL AND r.contact_email IS NOT NULL
        ORDER BY r.id`,
      [activityId, startsAt, now],
    )) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }

  async registrantMail(db: EntityManager, registrationId: string): Promise<RegistrantMailRow | undefined> {
    const [row] = (await db.query(
      `SELECT r.activity_id, r.status, r.language, r.contact_name, r.contact_email, r.anonymised_at,
              CASE WHEN r.status = 'waitlisted' THEN (
                SELECT count(*)::int FROM registrations w
                 WHERE w.activity_id = r.activity_id AND w.status = 'waitlisted' AND w.waitlist_seq <= r.waitlist_seq
              ) END AS waitlist_position,
              a.status AS activity_status, a.title_nl, a.title_en, a.starts_at, a.ends_at, a.venue_name, a.venue_address, a.cancel_reason
         FROM registrations r JOIN activities a ON a.id = r.activity_id WHERE r.id = $1`,
      [registrationId],
    )) as RegistrantMailRow[];
    return row;
  }

  async attendanceMail(db: EntityManager, activityId: string): Promise<AttendanceMailRow | undefined> {
    const [row] = (await db.query(
      `SELECT status, title_nl, title_en, starts_at, ends_at, venue_name, venue_address, organiser_email FROM activities WHERE id = $1`,
      [activityId],
    )) as AttendanceMailRow[];
    return row;
  }
}
