import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables a report is read from: its figures' (the projections), the programme's definition,
 * and the period's workflow state and texts.
 */
const REPORT_SOURCES = [
  'activity_facts',
  'advices',
  'knowledge_items',
  'network_figures',
  'evaluation_aggregates',
  'programmes',
  'period_reports',
  'explanations',
  'action_realisations',
];

/**
 * Issue 13: what a report is made of is kept in memory, under the data version it was read at
 * (ReportFiguresCache, ReportsService). `report_data_version` is one number that every
 * transaction changing a table a report is read from raises, in that transaction: a report reads
 * it in the statement that reads the figures (one snapshot), or before it reads the rest, so
 * what is kept is never older than its version, and a read that starts after a write has
 * committed sees the raised version and never what was kept from before it.
 *
 * The trigger is a deferred constraint trigger: it runs at commit, once per transaction (a
 * transaction-local setting remembers it ran), so the row lock on the one version row is held
 * only from the commit's start to its end, and is the last lock the transaction takes: writers
 * that hold locks on activity rows or day figures never wait on each other through it in a
 * cycle. TRUNCATE cannot have a constraint trigger; a statement trigger raises the version then.
 *
 * The rebuild's fresh tables (a schema of their own, LIKE copies no triggers) have no such
 * trigger: nothing reads a report from them through the cache.
 */
export class ReportDataVersion1765210000000 implements MigrationInterface {
  name = 'ReportDataVersion1765210000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE report_data_version (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        version bigint NOT NULL
      )`);
    await runner.query(`INSERT INTO report_data_version (version) VALUES (1)`);
    await runner.query(`
      CREATE FUNCTION report_data_version_raise() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_LEVEL = 'ROW' AND current_setting('reporting.data_version_raised', true) = 'yes' THEN
          RETURN NULL;
        END IF;
        UPDATE public.report_data_version SET version = version + 1;
        IF TG_LEVEL = 'ROW' THEN
          PERFORM set_config('reporting.data_version_raised', 'yes', true);
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of REPORT_SOURCES) {
      await runner.query(`
        CREATE CONSTRAINT TRIGGER report_data_version_raise AFTER INSERT OR UPDATE OR DELETE ON ${table}
          DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION report_data_version_raise()`);
      await runner.query(`
        CREATE TRIGGER report_data_version_raise_on_truncate AFTER TRUNCATE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION report_data_version_raise()`);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of REPORT_SOURCES) {
      await runner.query(`DROP TRIGGER report_data_version_raise_on_truncate ON ${table}`);
      await runner.query(`DROP TRIGGER report_data_version_raise ON ${table}`);
    }
    await runner.query(`DROP FUNCTION report_data_version_raise()`);
    await runner.query(`DROP TABLE report_data_version`);
  }
}
