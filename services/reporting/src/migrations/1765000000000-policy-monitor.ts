import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11 item 7: the policy monitor's figures in 9.1.6's report. Aggregates only, as the
 * knowledge service publishes them; a later computation for the same key replaces an earlier one
 * (the newest `computed_at` is kept, whatever the order of arrival).
 *
 * - `network_figures`: one row per period ("2026", "2026-Q3", "2026-07"); the most connected
 *   organisations by id with their degree, most first.
 * - `evaluation_aggregates`: one row per scope (`prestatie` or `activity`), subject (the
 *   prestatie code or the activity id) and period; the mean of each rating question by question id.
 */
export class PolicyMonitor1765000000000 implements MigrationInterface {
  name = 'PolicyMonitor1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE network_figures (
        period text PRIMARY KEY,
        computed_at timestamptz NOT NULL,
        partners int NOT NULL,
        projects int NOT NULL,
        links int NOT NULL,
        new_links int NOT NULL,
        communities int NOT NULL,
        most_connected jsonb NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE evaluation_aggregates (
        scope text NOT NULL CHECK (scope IN ('activity', 'prestatie')),
        subject text NOT NULL,
        period text NOT NULL,
        computed_at timestamptz NOT NULL,
        responses int NOT NULL,
        averages jsonb NOT NULL,
        PRIMARY KEY (scope, subject, period)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE evaluation_aggregates`);
    await runner.query(`DROP TABLE network_figures`);
  }
}
