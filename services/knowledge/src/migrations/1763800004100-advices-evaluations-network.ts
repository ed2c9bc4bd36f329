import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Advices and their follow-up, anonymous evaluations, and the policy monitor's network: links
 * projected from events, and the metrics computed per period.
 */
export class AdvicesEvaluationsNetwork1763800004100 implements MigrationInterface {
  name = 'AdvicesEvaluationsNetwork1763800004100';

  async up(runner: QueryRunner): Promise<void> {
    // What the network and the evaluations need to know of an activity. Its events arrive on
    // separate consumers in any order: facts_at orders the facts (scheduled, revised, held),
    // times_at the times (those and rescheduled), and a cancellation or new time that arrives
    // before the activity itself leaves a row with only what it knows, hence the nullable facts.
    await runner.query(`
      ALTER TABLE activity_references
        ALTER COLUMN type DROP NOT NULL,
        ALTER COLUMN title DROP NOT NULL,
        ALTER COLUMN prestatie_code DROP NOT NULL,
        ALTER COLUMN starts_at DROP NOT NULL,
        ADD COLUMN times_at timestamptz NOT NULL DEFAULT '-infinity',
        ADD COLUMN ends_at timestamptz,
        ADD COLUMN action_number int,
        ADD COLUMN organiser_organisation_id uuid,
        ADD COLUMN partner_organisation_ids uuid[] NOT NULL DEFAULT '{}',
        ADD COLUMN facts_at timestamptz NOT NULL DEFAULT '-infinity',
        ADD COLUMN held_at timestamptz,
        ADD COLUMN cancelled_at timestamptz`);

    await runner.query(`
      CREATE TABLE advices (
        advice_id uuid PRIMARY KEY,
        item_id uuid REFERENCES knowledge_items (item_id),
        title text NOT NULL,
        summary text NOT NULL DEFAULT '',
        adviser text NOT NULL,
        adviser_organisation_id uuid,
        solicited boolean NOT NULL,
        prestatie_codes text[] NOT NULL DEFAULT '{}',
        status text NOT NULL CHECK (status IN ('issued', 'answered', 'follow-up')),
        issued_at timestamptz NOT NULL,
        outcome text CHECK (outcome IN ('adopted', 'partly-adopted', 'not-adopted')),
        response text,
        answered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE advice_follow_ups (
        follow_up_id uuid PRIMARY KEY,
        advice_id uuid NOT NULL REFERENCES advices (advice_id),
        description text NOT NULL,
        due_on date,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX advice_follow_ups_advice ON advice_follow_ups (advice_id)`);

    await runner.query(`
      CREATE TABLE evaluation_forms (
        form_id uuid PRIMARY KEY,
        activity_id uuid NOT NULL,
        title text NOT NULL,
        questions jsonb NOT NULL,
        open boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX evaluation_forms_activity ON evaluation_forms (activity_id)`);
    // Anonymous by construction: no person, address or exact time is stored with an answer.
    await runner.query(`
      CREATE TABLE evaluation_responses (
        response_id uuid PRIMARY KEY,
        form_id uuid NOT NULL REFERENCES evaluation_forms (form_id),
        submitted_on date NOT NULL,
        ratings jsonb NOT NULL,
        comments jsonb NOT NULL
      )`);
    await runner.query(`CREATE INDEX evaluation_responses_form ON evaluation_responses (form_id)`);
    await runner.query(`
      CREATE TABLE evaluation_aggregates (
        scope text NOT NULL CHECK (scope IN ('activity', 'prestatie')),
        scope_key text NOT NULL,
        period text NOT NULL,
        responses int NOT NULL,
        averages jsonb NOT NULL,
        computed_at timestamptz NOT NULL,
        PRIMARY KEY (scope, scope_key, period)
      )`);

    // One row per relation an event established; origin is what asserted it (an activity, an
    // item, an advice), so a later event about the same origin replaces its links wholesale.
    await runner.query(`
      CREATE TABLE network_links (
        origin text NOT NULL,
        source text NOT NULL,
        target text NOT NULL,
        relation text NOT NULL,
        occurred_at timestamptz NOT NULL,
        PRIMARY KEY (origin, source, target, relation)
      )`);
    await runner.query(`CREATE INDEX network_links_time ON network_links (occurred_at)`);
    await runner.query(`
      CREATE TABLE network_origins (
        origin text PRIMARY KEY,
        facts_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE network_snapshots (
        period text PRIMARY KEY,
        computed_at timestamptz NOT NULL,
        summary jsonb NOT NULL,
        nodes jsonb NOT NULL,
        edges jsonb NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE network_snapshots`);
    await runner.query(`DROP TABLE network_origins`);
    await runner.query(`DROP TABLE network_links`);
    await runner.query(`DROP TABLE evaluation_aggregates`);
    await runner.query(`DROP TABLE evaluation_responses`);
    await runner.query(`DROP TABLE evaluation_forms`);
    await runner.query(`DROP TABLE advice_follow_ups`);
    await runner.query(`DROP TABLE advices`);
    await runner.query(`
      ALTER TABLE activity_references
        DROP COLUMN ends_at, DROP COLUMN action_number, DROP COLUMN organiser_organisation_id,
        DROP COLUMN partner_organisation_ids, DROP COLUMN facts_at, DROP COLUMN held_at, DROP COLUMN cancelled_at,
        DROP COLUMN times_at`);
    await runner.query(`DELETE FROM activity_references WHERE title IS NULL OR starts_at IS NULL`);
    await runner.query(`
      ALTER TABLE activity_references
        ALTER COLUMN type SET NOT NULL, ALTER COLUMN title SET NOT NULL,
        ALTER COLUMN prestatie_code SET NOT NULL, ALTER COLUMN starts_at SET NOT NULL`);
  }
}
