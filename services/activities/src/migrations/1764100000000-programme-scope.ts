import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Programme scope (issue 11): the programmes this service knows from reporting's events (a
 * local read model: what placing work needs, newest version only), and the programme of every
 * activity and series. Existing rows keep null: they count in the default programme of their
 * period, as events without a programmeCode do.
 */
export class ProgrammeScope1764100000000 implements MigrationInterface {
  name = 'ProgrammeScope1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE programmes (
        programme_code text PRIMARY KEY,
        version integer NOT NULL,
        period_start date,
        period_end date,
        is_default_for_period boolean NOT NULL DEFAULT false,
        withdrawn boolean NOT NULL DEFAULT false,
        prestaties jsonb NOT NULL DEFAULT '[]',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // By default: the programme was left out and is the default of the period the start falls in,
    // so it follows the activity when it moves to another period.
    await runner.query(
      `ALTER TABLE activities ADD COLUMN programme_code text, ADD COLUMN programme_by_default boolean NOT NULL DEFAULT false`,
    );
    await runner.query(`ALTER TABLE activity_series ADD COLUMN programme_code text`);
    await runner.query(`UPDATE activities SET programme_code = NULL`);
    await runner.query(`CREATE INDEX activities_programme ON activities (programme_code, prestatie_code)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX activities_programme`);
    await runner.query(`ALTER TABLE activity_series DROP COLUMN programme_code`);
    await runner.query(`ALTER TABLE activities DROP COLUMN programme_code, DROP COLUMN programme_by_default`);
    await runner.query(`DROP TABLE programmes`);
  }
}
