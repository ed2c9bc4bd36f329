import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_ACTIVITY_TYPES, DEFAULT_LOCATION_CATEGORIES } from '@deelwijs/contracts';

/**
 * The activities domain: types and location categories as data, series, the full activity,
 * registrations (the only place personal data lives), idempotency keys and the audit log of
 * staff reading personal data.
 */
export class ActivitiesDomain1763900000000 implements MigrationInterface {
  name = 'ActivitiesDomain1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE activity_types (
        slug text PRIMARY KEY CHECK (slug ~ '^[a-z][a-z0-9-]{0,63}$'),
        label_nl text NOT NULL,
        label_en text NOT NULL,
        active boolean NOT NULL DEFAULT true
      )`);
    await runner.query(`
      CREATE TABLE location_categories (
        slug text PRIMARY KEY CHECK (slug ~ '^[a-z][a-z0-9-]{0,63}$'),
        label_nl text NOT NULL,
        label_en text NOT NULL,
        active boolean NOT NULL DEFAULT true
      )`);
    for (const [table, rows] of [
      ['activity_types', DEFAULT_ACTIVITY_TYPES],
      ['location_categories', DEFAULT_LOCATION_CATEGORIES],
    ] as const) {
      for (const row of rows) {
        await runner.query(`INSERT INTO ${table} (slug, label_nl, label_en) VALUES ($1, $2, $3)`, [
          row.slug,
          row.nl,
          row.en,
        ]);
      }
    }

    await runner.query(`
      CREATE TABLE activity_series (
        id uuid PRIMARY KEY,
        rrule text NOT NULL,
        first_starts_at timestamptz NOT NULL,
        duration_minutes int NOT NULL CHECK (duration_minutes > 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    // The skeleton's table grows into the full activity; it held no production data yet.
    await runner.query(`ALTER TABLE activities RENAME COLUMN title TO title_nl`);
    await runner.query(`
      ALTER TABLE activities
        ADD COLUMN series_id uuid REFERENCES activity_series (id),
        ADD COLUMN title_en text,
        ADD COLUMN description_nl text NOT NULL DEFAULT '',
        ADD COLUMN description_en text,
        ADD COLUMN organiser_organisation_id uuid,
        ADD COLUMN organiser_email text,
        ADD COLUMN partner_organisation_ids uuid[] NOT NULL DEFAULT '{}',
        ADD COLUMN open_to_all_partners boolean NOT NULL DEFAULT false,
        ADD COLUMN venue_name text,
        ADD COLUMN venue_address text,
        ADD COLUMN municipality text,
        ADD COLUMN location_category text NOT NULL DEFAULT 'regular' REFERENCES location_categories (slug),
        ADD COLUMN capacity_unit text NOT NULL DEFAULT 'people' CHECK (capacity_unit IN ('people', 'groups')),
        ADD COLUMN capacity int CHECK (capacity > 0),
        ADD COLUMN places_taken int NOT NULL DEFAULT 0 CHECK (places_taken >= 0),
        ADD COLUMN planned_cost_cents bigint CHECK (planned_cost_cents >= 0),
        ADD COLUMN actual_cost_cents bigint CHECK (actual_cost_cents >= 0),
        ADD COLUMN cancellation_deadline_hours int NOT NULL DEFAULT 24 CHECK (cancellation_deadline_hours >= 0),
        ADD COLUMN status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'held', 'closed', 'cancelled')),
        ADD COLUMN participants int CHECK (participants >= 0),
        ADD COLUMN lessons jsonb,
        ADD COLUMN cancel_reason text,
        ADD COLUMN published_at timestamptz,
        ADD COLUMN held_at timestamptz,
        ADD COLUMN closed_at timestamptz,
        ADD COLUMN cancelled_at timestamptz,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
        ADD CONSTRAINT activities_type_known FOREIGN KEY (type) REFERENCES activity_types (slug),
        ADD CONSTRAINT activities_places_within_capacity CHECK (capacity IS NULL OR places_taken <= capacity)`);
    await runner.query(
      `CREATE INDEX activities_series ON activities (series_id) WHERE series_id IS NOT NULL`,
    );
    await runner.query(`CREATE INDEX activities_status_start ON activities (status, starts_at)`);

    await runner.query(`
      CREATE TABLE registrations (
        id uuid PRIMARY KEY,
        activity_id uuid NOT NULL REFERENCES activities (id),
        kind text NOT NULL CHECK (kind IN ('individual', 'group')),
        status text NOT NULL CHECK (status IN ('accepted', 'waitlisted', 'cancelled')),
        headcount int NOT NULL CHECK (headcount > 0),
        places int NOT NULL CHECK (places > 0),
        partner_organisation_id uuid,
        external_reference text,
        registered_by text NOT NULL CHECK (registered_by IN ('organiser', 'partner')),
        waitlist_seq bigserial,
        language text NOT NULL DEFAULT 'nl' CHECK (language IN ('nl', 'en')),
        -- Personal data: only here, erasable, anonymised by the retention job.
        contact_name text,
        contact_email text,
        contact_phone text,
        school_name text,
        class_name text,
        checked_in_at timestamptz,
        promoted_at timestamptz,
        cancelled_at timestamptz,
        cancelled_by text,
        anonymised_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT registrations_reference_per_partner UNIQUE (partner_organisation_id, external_reference)
      )`);
    await runner.query(
      `CREATE INDEX registrations_activity_status ON registrations (activity_id, status, waitlist_seq)`,
    );

    await runner.query(`
      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash char(64) NOT NULL,
        state text NOT NULL CHECK (state IN ('in-flight', 'done')),
        response_status int,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);

    await runner.query(`
      CREATE TABLE personal_data_audit (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_kind text NOT NULL,
        actor_id text NOT NULL,
        actor_organisation_id uuid,
        action text NOT NULL,
        activity_id uuid,
        registration_ids uuid[] NOT NULL DEFAULT '{}',
        correlation_id text
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE personal_data_audit`);
    // Since IdempotencyKeys1764100000000 (libs/platform), whose down drops it first.
    await runner.query(`DROP TABLE IF EXISTS idempotency_keys`);
    await runner.query(`DROP TABLE registrations`);
    await runner.query(`
      ALTER TABLE activities
        DROP CONSTRAINT activities_type_known,
        DROP COLUMN series_id, DROP COLUMN title_en, DROP COLUMN description_nl, DROP COLUMN description_en,
        DROP COLUMN organiser_organisation_id, DROP COLUMN organiser_email, DROP COLUMN partner_organisation_ids, DROP COLUMN open_to_all_partners,
        DROP COLUMN venue_name, DROP COLUMN venue_address, DROP COLUMN municipality, DROP COLUMN location_category,
        DROP COLUMN capacity_unit, DROP COLUMN capacity, DROP COLUMN places_taken, DROP COLUMN planned_cost_cents,
        DROP COLUMN actual_cost_cents, DROP COLUMN cancellation_deadline_hours, DROP COLUMN status,
        DROP COLUMN participants, DROP COLUMN lessons, DROP COLUMN cancel_reason, DROP COLUMN published_at,
        DROP COLUMN held_at, DROP COLUMN closed_at, DROP COLUMN cancelled_at, DROP COLUMN updated_at`);
    await runner.query(`ALTER TABLE activities RENAME COLUMN title_nl TO title`);
    await runner.query(`DROP TABLE activity_series`);
    await runner.query(`DROP TABLE location_categories`);
    await runner.query(`DROP TABLE activity_types`);
  }
}
