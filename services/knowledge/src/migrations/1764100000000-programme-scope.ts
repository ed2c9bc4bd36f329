import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Programme scope (issue 11): the programmes this service knows from reporting's events (a
 * local read model: what placing work needs, newest version only), the programme of every
 * knowledge item and advice, and the actions an advice was given under. Existing rows keep
 * null: they count in the default programme of their period, as events without a
 * programmeCode do.
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
    await runner.query(`ALTER TABLE knowledge_items ADD COLUMN programme_code text`);
    await runner.query(`ALTER TABLE advices ADD COLUMN programme_code text, ADD COLUMN actions jsonb NOT NULL DEFAULT '[]'`);
    await runner.query(`UPDATE knowledge_items SET programme_code = NULL`);
    await runner.query(`UPDATE advices SET programme_code = NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE advices DROP COLUMN actions, DROP COLUMN programme_code`);
    await runner.query(`ALTER TABLE knowledge_items DROP COLUMN programme_code`);
    await runner.query(`DROP TABLE programmes`);
  }
}
