import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A send the SMTP server did not take is recorded as `failed`, so the next attempt knows the
 * mail was not sent, rather than taking the leftover claim for an attempt that was interrupted.
 */
export class MailLedgerFailures1764400000000 implements MigrationInterface {
  name = 'MailLedgerFailures1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE sent_mails DROP CONSTRAINT sent_mails_status_check`);
    await runner.query(
      `ALTER TABLE sent_mails ADD CONSTRAINT sent_mails_status_check CHECK (status IN ('claimed', 'sent', 'skipped', 'failed'))`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`UPDATE sent_mails SET status = 'claimed' WHERE status = 'failed'`);
    await runner.query(`ALTER TABLE sent_mails DROP CONSTRAINT sent_mails_status_check`);
    await runner.query(
      `ALTER TABLE sent_mails ADD CONSTRAINT sent_mails_status_check CHECK (status IN ('claimed', 'sent', 'skipped'))`,
    );
  }
}
