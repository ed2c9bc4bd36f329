import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger of mails sent (reminders, confirmations, notices), keyed by the deterministic id
 * that is also the mail's job id and Message-ID: a job retried after a worker died finds its
 * row and does not send what was already sent. It holds ids only, never an address.
 */
export class RemindersAndPrivacy1763900001000 implements MigrationInterface {
  name = 'RemindersAndPrivacy1763900001000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE sent_mails (
        mail_id text PRIMARY KEY,
        kind text NOT NULL,
        activity_id uuid,
        registration_id uuid,
        status text NOT NULL CHECK (status IN ('claimed', 'sent', 'skipped')),
        attempts int NOT NULL DEFAULT 1,
        skip_reason text,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await runner.query(
      `CREATE INDEX sent_mails_registration ON sent_mails (registration_id) WHERE registration_id IS NOT NULL`,
    );
    // The retention job looks for registrants whose activity ended long enough ago.
    await runner.query(`CREATE INDEX activities_ends_at ON activities (ends_at)`);
    await runner.query(
      `CREATE INDEX registrations_not_anonymised ON registrations (activity_id) WHERE anonymised_at IS NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX registrations_not_anonymised`);
    await runner.query(`DROP INDEX activities_ends_at`);
    await runner.query(`DROP TABLE sent_mails`);
  }
}
