import type { MigrationInterface, QueryRunner } from 'typeorm';

type Json = Record<string, any>;

/**
 * Issue 11: every piece of work belongs to a programme, and every amount is in euro cents.
 *
 * - `programme_code` on the projections of activities, advices and knowledge items. Existing
 *   rows keep NULL: work that named no programme counts in the default programme of the period
 *   its date falls in (the events before this change named none).
 * - `action_refs` on advices and knowledge items ("7.2.3#4"): the numbered actions they were made under;
 *   titles and groups reached, so that each action shows what was done and each figure lists what makes it up.
 * - `action_realisations`: the realisation text reporting staff write under each action of a report.
 * - programmes: `published_revision` (the revision last put on the REPORTING stream; 0 means the
 *   service publishes it at its next start) and `withdrawn_at`.
 * - Existing programmes become the default of their period (the first by code where periods
 *   overlap), so the work they counted before, which names no programme, still counts in them.
 * - Stored definitions, frozen reports and snapshots move from euros to cents: the budget
 *   (`amountEur` → `amountCents`), cost targets, and the budget and cost figures of reports.
 */
export class ProgrammeScope1764900000000 implements MigrationInterface {
  name = 'ProgrammeScope1764900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE activity_facts ADD COLUMN programme_code text, ADD COLUMN title text, ADD COLUMN held_groups int, ADD COLUMN closed_groups int`);
    await runner.query(`ALTER TABLE advices ADD COLUMN programme_code text, ADD COLUMN title text, ADD COLUMN action_refs text[] NOT NULL DEFAULT '{}'`);
    await runner.query(`ALTER TABLE knowledge_items ADD COLUMN programme_code text, ADD COLUMN title text, ADD COLUMN action_refs text[] NOT NULL DEFAULT '{}'`);
    // The text reporting staff write under each numbered action, per report (like the explanations).
    await runner.query(`
      CREATE TABLE action_realisations (
        programme_code text NOT NULL,
        period text NOT NULL,
        prestatie_code text NOT NULL,
        action_number int NOT NULL,
        text_nl text NOT NULL,
        text_en text,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (programme_code, period, prestatie_code, action_number),
        FOREIGN KEY (programme_code, period) REFERENCES period_reports (programme_code, period) ON DELETE CASCADE
      )`);
    await runner.query(`ALTER TABLE programmes ADD COLUMN published_revision int NOT NULL DEFAULT 0, ADD COLUMN withdrawn_at timestamptz`);
    await convert(runner, 'programmes', 'definition', definitionToCents, ['code']);
    await convert(runner, 'programmes', 'definition', makeDefaults(), ['code']);
    await convert(runner, 'period_reports', 'frozen', reportToCents, ['programme_code', 'period']);
    await convert(runner, 'report_snapshots', 'figures', reportToCents, ['programme_code', 'period', 'taken_on']);
  }

  async down(runner: QueryRunner): Promise<void> {
    await convert(runner, 'report_snapshots', 'figures', reportToEuros, ['programme_code', 'period', 'taken_on']);
    await convert(runner, 'period_reports', 'frozen', reportToEuros, ['programme_code', 'period']);
    await convert(runner, 'programmes', 'definition', definitionToEuros, ['code']);
    await convert(runner, 'programmes', 'definition', ({ isDefaultForPeriod: _dropped, ...definition }) => definition, ['code']);
    await runner.query(`ALTER TABLE programmes DROP COLUMN published_revision, DROP COLUMN withdrawn_at`);
    await runner.query(`DROP TABLE action_realisations`);
    await runner.query(`ALTER TABLE knowledge_items DROP COLUMN programme_code, DROP COLUMN title, DROP COLUMN action_refs`);
    await runner.query(`ALTER TABLE advices DROP COLUMN programme_code, DROP COLUMN title, DROP COLUMN action_refs`);
    await runner.query(`ALTER TABLE activity_facts DROP COLUMN programme_code, DROP COLUMN title, DROP COLUMN held_groups, DROP COLUMN closed_groups`);
  }
}

async function convert(runner: QueryRunner, table: string, column: string, change: (document: Json) => Json, keys: string[]): Promise<void> {
  const rows: Json[] = await runner.query(
    `SELECT ${keys.join(', ')}, ${column} AS document FROM ${table} WHERE ${column} IS NOT NULL ORDER BY ${keys.join(', ')}`,
  );
  for (const row of rows) {
    await runner.query(`UPDATE ${table} SET ${column} = $1::jsonb WHERE ${keys.map((key, index) => `${key} = $${index + 2}`).join(' AND ')}`, [
      JSON.stringify(change(row.document)),
      ...keys.map((key) => row[key]),
    ]);
  }
}

/** Marks each definition the default of its period unless one before it (by code) already covers a day of it. */
function makeDefaults(): (definition: Json) => Json {
  const taken: Array<{ start: string; end: string }> = [];
  return (definition) => {
    const period = definition.period;
    const free = !taken.some((other) => other.start <= period.end && period.start <= other.end);
    if (free) {
      taken.push(period);
    }
    return { ...definition, isDefaultForPeriod: free };
  };
}

const cents = (euros: number) => Math.round(euros * 100);
const euros = (amount: number) => amount / 100;

function scaleCostTargets(prestatie: Json, scale: (value: number) => number): void {
  for (const indicator of prestatie.indicators ?? []) {
    if (indicator.measure === 'cost' && indicator.target) {
      indicator.target.value = scale(indicator.target.value);
      if (indicator.target.max !== undefined) {
        indicator.target.max = scale(indicator.target.max);
      }
      if (typeof indicator.actual === 'number') {
        indicator.actual = scale(indicator.actual);
      }
      if (typeof indicator.pipeline === 'number') {
        indicator.pipeline = scale(indicator.pipeline);
      }
    }
  }
}

function definitionToCents(definition: Json): Json {
  for (const prestatie of definition.prestaties ?? []) {
    if (prestatie.budget?.amountEur !== undefined) {
      const { amountEur, ...rest } = prestatie.budget;
      prestatie.budget = { amountCents: cents(amountEur), ...rest };
    }
    scaleCostTargets(prestatie, cents);
  }
  return definition;
}

function definitionToEuros(definition: Json): Json {
  for (const prestatie of definition.prestaties ?? []) {
    if (prestatie.budget?.amountCents !== undefined) {
      const { amountCents, ...rest } = prestatie.budget;
      prestatie.budget = { amountEur: euros(amountCents), ...rest };
    }
    scaleCostTargets(prestatie, euros);
  }
  return definition;
}

function reportToCents(report: Json): Json {
  for (const prestatie of report.prestaties ?? []) {
    if (prestatie.budget?.amountEur !== undefined) {
      const { amountEur, spentEur, committedEur, ...rest } = prestatie.budget;
      prestatie.budget = { amountCents: cents(amountEur), spentCents: cents(spentEur ?? 0), committedCents: cents(committedEur ?? 0), ...rest };
    }
    scaleCostTargets(prestatie, cents);
  }
  return report;
}

function reportToEuros(report: Json): Json {
  for (const prestatie of report.prestaties ?? []) {
    if (prestatie.budget?.amountCents !== undefined) {
      const { amountCents, spentCents, committedCents, ...rest } = prestatie.budget;
      prestatie.budget = { amountEur: euros(amountCents), spentEur: euros(spentCents ?? 0), committedEur: euros(committedCents ?? 0), ...rest };
    }
    scaleCostTargets(prestatie, euros);
  }
  return report;
}
