import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: the programme report read 2,500 activity rows per indicator (p50 89 ms). It now reads
 * `activity_day_figures`: the activities of one prestatie, local day (Europe/Amsterdam, the
 * programme time zone), programme, type, location and action, summed. A report period starts and
 * ends at local midnight, so every day lies wholly inside or outside it; only a day cut by a
 * boundary (today, while the period runs) is read from `activity_facts` itself.
 *
 * The sums are kept by a trigger on `activity_facts`, in the transaction that changes the
 * activity, so they are exact whatever writes the row: every projection handler, the rebuild
 * (which puts the same trigger on its fresh tables) and this migration's backfill. A group whose
 * last activity leaves it is deleted, so the table is always the GROUP BY of `activity_facts`,
 * whatever the order the events came in (the rebuild compares it row by row).
 *
 * What each column sums is what the report's measures count (ACTIVITY_MEASURES in
 * indicator-actuals.repository.ts): held activities with their participants, groups and cost
 * (closed figures over held ones), registrations of activities not cancelled, and activities
 * neither held nor cancelled with their registrations and planned cost.
 */
export class ActivityDayFigures1765100000000 implements MigrationInterface {
  name = 'ActivityDayFigures1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE activity_day_figures (
        prestatie_code text NOT NULL,
        day_start timestamptz NOT NULL,
        programme_code text,
        type text,
        location_category text,
        action_number int,
        activities int NOT NULL,
        held int NOT NULL,
        held_participants bigint NOT NULL,
        held_groups bigint NOT NULL,
        held_cost_cents bigint NOT NULL,
        registered_headcount bigint NOT NULL,
        open int NOT NULL,
        open_registered_headcount bigint NOT NULL,
        open_planned_cost_cents bigint NOT NULL,
        CONSTRAINT activity_day_figures_group UNIQUE NULLS NOT DISTINCT (prestatie_code, day_start, programme_code, type, location_category, action_number)
      )`);
    // Unqualified table names: in the rebuild, whose search path leads to its fresh tables, the
    // same function keeps the fresh figures.
    await runner.query(`
      CREATE FUNCTION activity_day_figures_follow() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        side int;
        r record;
        remaining int;
      BEGIN
        IF TG_OP = 'UPDATE'
           AND (OLD.prestatie_code, OLD.starts_at, OLD.programme_code, OLD.type, OLD.location_category, OLD.action_number,
                OLD.cancelled, OLD.held, OLD.held_participants, OLD.closed_participants, OLD.held_groups, OLD.closed_groups,
                OLD.held_cost_cents, OLD.closed_cost_cents, OLD.registered_headcount, OLD.planned_cost_cents)
               IS NOT DISTINCT FROM
               (NEW.prestatie_code, NEW.starts_at, NEW.programme_code, NEW.type, NEW.location_category, NEW.action_number,
                NEW.cancelled, NEW.held, NEW.held_participants, NEW.closed_participants, NEW.held_groups, NEW.closed_groups,
                NEW.held_cost_cents, NEW.closed_cost_cents, NEW.registered_headcount, NEW.planned_cost_cents) THEN
          RETURN NULL;
        END IF;
        FOREACH side IN ARRAY ARRAY[-1, 1] LOOP
          CONTINUE WHEN (side = -1 AND TG_OP = 'INSERT') OR (side = 1 AND TG_OP = 'DELETE');
          IF side = -1 THEN r := OLD; ELSE r := NEW; END IF;
          -- An activity without prestatie or start matches no report.
          CONTINUE WHEN r.prestatie_code IS NULL OR r.starts_at IS NULL;
          INSERT INTO activity_day_figures AS d VALUES (
            r.prestatie_code, date_trunc('day', r.starts_at, 'Europe/Amsterdam'), r.programme_code, r.type, r.location_category, r.action_number,
            side,
            side * r.held::int,
            side * CASE WHEN r.held THEN COALESCE(r.closed_participants, r.held_participants, 0) ELSE 0 END,
            side * CASE WHEN r.held THEN COALESCE(r.closed_groups, r.held_groups, 0) ELSE 0 END,
            side * CASE WHEN r.held THEN COALESCE(r.closed_cost_cents, r.held_cost_cents, 0) ELSE 0 END,
            side * CASE WHEN NOT r.cancelled THEN r.registered_headcount ELSE 0 END,
            side * (NOT r.held AND NOT r.cancelled)::int,
            side * CASE WHEN NOT r.held AND NOT r.cancelled THEN r.registered_headcount ELSE 0 END,
            side * CASE WHEN NOT r.held AND NOT r.cancelled THEN COALESCE(r.planned_cost_cents, 0) ELSE 0 END)
          ON CONFLICT (prestatie_code, day_start, programme_code, type, location_category, action_number) DO UPDATE SET
            activities = d.activities + EXCLUDED.activities,
            held = d.held + EXCLUDED.held,
            held_participants = d.held_participants + EXCLUDED.held_participants,
            held_groups = d.held_groups + EXCLUDED.held_groups,
            held_cost_cents = d.held_cost_cents + EXCLUDED.held_cost_cents,
            registered_headcount = d.registered_headcount + EXCLUDED.registered_headcount,
            open = d.open + EXCLUDED.open,
            open_registered_headcount = d.open_registered_headcount + EXCLUDED.open_registered_headcount,
            open_planned_cost_cents = d.open_planned_cost_cents + EXCLUDED.open_planned_cost_cents
          RETURNING d.activities INTO remaining;
          IF remaining = 0 THEN
            DELETE FROM activity_day_figures
             WHERE prestatie_code = r.prestatie_code AND day_start = date_trunc('day', r.starts_at, 'Europe/Amsterdam')
               AND programme_code IS NOT DISTINCT FROM r.programme_code AND type IS NOT DISTINCT FROM r.type
               AND location_category IS NOT DISTINCT FROM r.location_category AND action_number IS NOT DISTINCT FROM r.action_number;
          END IF;
        END LOOP;
        RETURN NULL;
      END $$`);
    await runner.query(`LOCK TABLE activity_facts IN SHARE ROW EXCLUSIVE MODE`);
    await runner.query(`
      CREATE TRIGGER activity_day_figures_follow AFTER INSERT OR UPDATE OR DELETE ON activity_facts
        FOR EACH ROW EXECUTE FUNCTION activity_day_figures_follow()`);
    await runner.query(`
      INSERT INTO activity_day_figures
      SELECT prestatie_code, date_trunc('day', starts_at, 'Europe/Amsterdam'), programme_code, type, location_category, action_number,
             count(*),
             count(*) FILTER (WHERE held),
             COALESCE(sum(COALESCE(closed_participants, held_participants, 0)) FILTER (WHERE held), 0),
             COALESCE(sum(COALESCE(closed_groups, held_groups, 0)) FILTER (WHERE held), 0),
             COALESCE(sum(COALESCE(closed_cost_cents, held_cost_cents, 0)) FILTER (WHERE held), 0),
             COALESCE(sum(registered_headcount) FILTER (WHERE NOT cancelled), 0),
             count(*) FILTER (WHERE NOT held AND NOT cancelled),
             COALESCE(sum(registered_headcount) FILTER (WHERE NOT held AND NOT cancelled), 0),
             COALESCE(sum(COALESCE(planned_cost_cents, 0)) FILTER (WHERE NOT held AND NOT cancelled), 0)
        FROM activity_facts
       WHERE prestatie_code IS NOT NULL AND starts_at IS NOT NULL
       GROUP BY 1, 2, 3, 4, 5, 6`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER activity_day_figures_follow ON activity_facts`);
    await runner.query(`DROP FUNCTION activity_day_figures_follow()`);
    await runner.query(`DROP TABLE activity_day_figures`);
  }
}
