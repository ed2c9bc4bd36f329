import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recording after the fact: the groups reached as the organiser states them at close (null:
 * the checked-in groups were taken), and the audit of changes that rewrite an activity's
 * history, such as moving it into the past, with who did it and why.
 */
export class RecordingAfterTheFact1764000001000 implements MigrationInterface {
  name = 'RecordingAfterTheFact1764000001000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE activities ADD COLUMN groups integer CHECK (groups >= 0)`);
    await runner.query(`
      CREATE TABLE activity_audit (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        activity_id uuid NOT NULL,
        action text NOT NULL,
        actor_kind text NOT NULL,
        actor_id text NOT NULL,
        actor_organisation_id uuid,
        reason text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        correlation_id text
      )`);
    await runner.query(`CREATE INDEX activity_audit_activity ON activity_audit (activity_id, id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE activity_audit`);
    await runner.query(`ALTER TABLE activities DROP COLUMN groups`);
  }
}
