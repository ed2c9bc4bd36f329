import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Requests about one person (subject access, erasure by e-mail address): the audit keeps the
 * hash of the address they concerned, never the address, and finds a person's registrations and
 * the activities they organise by address.
 */
export class PrivacySubjects1764300000000 implements MigrationInterface {
  name = 'PrivacySubjects1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE personal_data_audit ADD COLUMN subject_hashes text[] NOT NULL DEFAULT '{}'`);
    await runner.query(`CREATE INDEX personal_data_audit_subjects ON personal_data_audit USING gin (subject_hashes)`);
    await runner.query(`CREATE INDEX personal_data_audit_at ON personal_data_audit (at)`);
    await runner.query(
      `CREATE INDEX registrations_contact_email ON registrations (lower(contact_email)) WHERE contact_email IS NOT NULL`,
    );
    await runner.query(
      `CREATE INDEX activities_organiser_email ON activities (lower(organiser_email)) WHERE organiser_email IS NOT NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX activities_organiser_email`);
    await runner.query(`DROP INDEX registrations_contact_email`);
    await runner.query(`DROP INDEX personal_data_audit_at`);
    await runner.query(`DROP INDEX personal_data_audit_subjects`);
    await runner.query(`ALTER TABLE personal_data_audit DROP COLUMN subject_hashes`);
  }
}
