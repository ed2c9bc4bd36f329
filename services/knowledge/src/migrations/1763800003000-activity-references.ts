import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ActivityReferences1763800003000 implements MigrationInterface {
  name = 'ActivityReferences1763800003000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE activity_references (
        activity_id uuid PRIMARY KEY,
        type text NOT NULL,
        title text NOT NULL,
        prestatie_code text NOT NULL,
        starts_at timestamptz NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE activity_references`);
  }
}
