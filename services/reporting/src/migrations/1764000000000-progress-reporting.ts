import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Programme definitions, the generic projections of activities, registrations, advices and
 * knowledge items, the report workflow, snapshots and delivery. The projections hold facts per
 * thing (one row per activity, registration, advice, item), not per indicator: an indicator
 * added later is computed over the whole history without a replay.
 */
export class ProgressReporting1764000000000 implements MigrationInterface {
  name = 'ProgressReporting1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE programmes (
        code text PRIMARY KEY,
        definition jsonb NOT NULL,
        revision int NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Facts of each activity, merged from its events whatever their order: facts and times go
    // by the newest event (occurred_at, then event id), held and closed figures are kept apart
    // so that the final ones replace the first ones whichever arrives first.
    await runner.query(`
      CREATE TABLE activity_facts (
        activity_id uuid PRIMARY KEY,
        prestatie_code text,
        type text,
        location_category text,
        action_number int,
        starts_at timestamptz,
        ends_at timestamptz,
        planned_cost_cents bigint,
        facts_version text,
        times_version text,
        cancelled boolean NOT NULL DEFAULT false,
        held boolean NOT NULL DEFAULT false,
        held_participants int,
        held_cost_cents bigint,
        closed boolean NOT NULL DEFAULT false,
        closed_participants int,
        closed_cost_cents bigint,
        registered_headcount int NOT NULL DEFAULT 0
      )`);
    await runner.query(`CREATE INDEX activity_facts_prestatie_start ON activity_facts (prestatie_code, starts_at)`);

    await runner.query(`
      CREATE TABLE registration_states (
        registration_id uuid PRIMARY KEY,
        activity_id uuid NOT NULL,
        headcount int NOT NULL,
        state text NOT NULL,
        state_version text NOT NULL
      )`);

    await runner.query(`
      CREATE TABLE advices (
        advice_id uuid PRIMARY KEY,
        adviser text,
        solicited boolean,
        prestatie_codes text[] NOT NULL DEFAULT '{}',
        issued_at timestamptz,
        outcome text,
        answered_at timestamptz
      )`);
    await runner.query(`CREATE INDEX advices_prestaties ON advices USING gin (prestatie_codes)`);

    await runner.query(`
      CREATE TABLE knowledge_items (
        item_id uuid PRIMARY KEY,
        kind text,
        prestatie_codes text[] NOT NULL DEFAULT '{}',
        latest_version int,
        first_published_at timestamptz,
        archived_at timestamptz
      )`);
    await runner.query(`CREATE INDEX knowledge_items_prestaties ON knowledge_items USING gin (prestatie_codes)`);

    await runner.query(`
      CREATE TABLE period_reports (
        programme_code text NOT NULL REFERENCES programmes (code) ON DELETE CASCADE,
        period text NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'submitted', 'approved')),
        submitted_at timestamptz,
        submitted_by text,
        approved_at timestamptz,
        approved_by text,
        rejection_reason text,
        frozen jsonb,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (programme_code, period)
      )`);
    await runner.query(`
      CREATE TABLE explanations (
        programme_code text NOT NULL,
        period text NOT NULL,
        prestatie_code text NOT NULL,
        text_nl text NOT NULL,
        text_en text,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (programme_code, period, prestatie_code),
        FOREIGN KEY (programme_code, period) REFERENCES period_reports (programme_code, period) ON DELETE CASCADE
      )`);

    await runner.query(`
      CREATE TABLE report_snapshots (
        programme_code text NOT NULL REFERENCES programmes (code) ON DELETE CASCADE,
        period text NOT NULL,
        taken_on date NOT NULL,
        taken_at timestamptz NOT NULL,
        figures jsonb NOT NULL,
        PRIMARY KEY (programme_code, period, taken_on)
      )`);

    await runner.query(`
      CREATE TABLE report_subscriptions (
        id uuid PRIMARY KEY,
        programme_code text NOT NULL REFERENCES programmes (code) ON DELETE CASCADE,
        channel text NOT NULL CHECK (channel IN ('webhook', 'email')),
        target text NOT NULL,
        secret text,
        language text NOT NULL DEFAULT 'nl',
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (programme_code, channel, target)
      )`);
    // One row per subscription and approved report: the unique key is what makes a delivery
    // happen once, however often its job is added or retried.
    await runner.query(`
      CREATE TABLE report_deliveries (
        id uuid PRIMARY KEY,
        subscription_id uuid NOT NULL REFERENCES report_subscriptions (id) ON DELETE CASCADE,
        programme_code text NOT NULL,
        period text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        UNIQUE (subscription_id, programme_code, period)
      )`);

    // The walking skeleton's counter is replaced by activity_facts (counted per type on read).
    await runner.query(`DROP TABLE activity_type_counts`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE activity_type_counts (
        prestatie_code text NOT NULL,
        type text NOT NULL,
        activities bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (prestatie_code, type)
      )`);
    await runner.query(`
      INSERT INTO activity_type_counts (prestatie_code, type, activities)
      SELECT prestatie_code, type, count(*) FROM activity_facts WHERE type IS NOT NULL GROUP BY 1, 2`);
    for (const table of [
      'report_deliveries',
      'report_subscriptions',
      'report_snapshots',
      'explanations',
      'period_reports',
      'knowledge_items',
      'advices',
      'registration_states',
      'activity_facts',
      'programmes',
    ]) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
