import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Registration imports: the import itself (who, the mapping, progress and counts), the uploaded
 * file in parts while its job runs (deleted when the job ends), and one result per row. A row's
 * result holds no personal data: its row number, outcome, the registration it made, and for a
 * refusal the field and a reason the service wrote (never a value from the file).
 */
export class RegistrationImports1764000000000 implements MigrationInterface {
  name = 'RegistrationImports1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE registration_imports (
        id uuid PRIMARY KEY,
        owner text NOT NULL,
        registered_by text NOT NULL CHECK (registered_by IN ('organiser', 'partner')),
        partner_organisation_id uuid,
        content_hash text,
        format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
        mapping jsonb NOT NULL,
        activity_id uuid,
        status text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
        rows_total int NOT NULL,
        rows_done int NOT NULL DEFAULT 0,
        accepted int NOT NULL DEFAULT 0,
        waitlisted int NOT NULL DEFAULT 0,
        duplicate int NOT NULL DEFAULT 0,
        rejected int NOT NULL DEFAULT 0,
        failure text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    // The same file with the same choices from the same caller is the same import.
    await runner.query(
      `CREATE UNIQUE INDEX registration_imports_content ON registration_imports (owner, content_hash) WHERE content_hash IS NOT NULL`,
    );
    await runner.query(`CREATE INDEX registration_imports_created ON registration_imports (created_at)`);
    await runner.query(`
      CREATE TABLE registration_import_files (
        import_id uuid NOT NULL REFERENCES registration_imports (id) ON DELETE CASCADE,
        part int NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (import_id, part)
      )`);
    await runner.query(`
      CREATE TABLE registration_import_rows (
        import_id uuid NOT NULL REFERENCES registration_imports (id) ON DELETE CASCADE,
        row_number int NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('accepted', 'waitlisted', 'duplicate', 'rejected')),
        registration_id uuid,
        waitlist_position int,
        field text,
        reason text,
        PRIMARY KEY (import_id, row_number)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE registration_import_rows`);
    await runner.query(`DROP TABLE registration_import_files`);
    await runner.query(`DROP TABLE registration_imports`);
  }
}
