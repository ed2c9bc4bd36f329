import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ActivityTypeCounts1763800002000 implements MigrationInterface {
  name = 'ActivityTypeCounts1763800002000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE activity_type_counts (
        prestatie_code text NOT NULL,
        type text NOT NULL,
        activities bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (prestatie_code, type)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE activity_type_counts`);
  }
}
