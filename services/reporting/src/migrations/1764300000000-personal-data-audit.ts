import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit of personal data in reporting, whose only personal data are the e-mail addresses of
 * report subscribers: who read them, and the privacy officer's requests about one person (with
 * the hash of their address, never the address).
 */
export class PersonalDataAudit1764300000000 implements MigrationInterface {
  name = 'PersonalDataAudit1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE personal_data_audit (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_kind text NOT NULL,
        actor_id text NOT NULL,
        actor_organisation_id uuid,
        action text NOT NULL,
        subscription_ids uuid[] NOT NULL DEFAULT '{}',
        subject_hashes text[] NOT NULL DEFAULT '{}',
        correlation_id text
      )`);
    await runner.query(`CREATE INDEX personal_data_audit_at ON personal_data_audit (at)`);
    await runner.query(`CREATE INDEX personal_data_audit_subjects ON personal_data_audit USING gin (subject_hashes)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE personal_data_audit`);
  }
}
