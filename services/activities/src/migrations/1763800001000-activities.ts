import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Activities1763800001000 implements MigrationInterface {
  name = 'Activities1763800001000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE activities (
        id uuid PRIMARY KEY,
        type text NOT NULL,
        title text NOT NULL,
        prestatie_code text NOT NULL,
        action_number int,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX activities_prestatie ON activities (prestatie_code, starts_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE activities`);
  }
}
