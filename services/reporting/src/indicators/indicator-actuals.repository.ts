import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isActivityMeasure, type IndicatorDefinition, type ProgrammeDefinition } from '../programmes/programme.schema';
import { dateRange, localDay } from '../reports/periods';

export interface IndicatorActual {
  prestatieCode: string;
  key: string;
  /** Counted from the indicator's period start up to the report date. Cost in cents. */
  actual: number;
  /** Planned and not yet realised in the rest of the indicator's period; undefined when not planned ahead. */
  pipeline?: number;
  from: Date;
  to: Date;
  periodEnd: Date;
}

export interface BudgetActual {
  prestatieCode: string;
  spentCents: number;
  committedCents: number;
  /** The same per numbered action (activities named no action are in the prestatie's total only). */
  actions: Array<{ number: number; spentCents: number; committedCents: number }>;
}

/** What was done under one numbered action, from the programme's start to the report date. */
export interface ActionActual {
  prestatieCode: string;
  actionNumber: number;
  /** Activities held, by type, with the participants and groups they reached. */
  activities: Array<{ type: string; held: number; participants: number; groups: number }>;
  advices: number;
  knowledgeItems: number;
}

/**
 * Which work a programme counts: what names it, and what names no programme when it is the
 * default of the period the work's date falls in. Two programmes holding the same prestatie for
 * the same period therefore never count each other's work.
 */
interface Scope {
  programme: string;
  is_default: boolean;
  programme_from: string;
  programme_to: string;
}

/** The SQL condition of a Scope, for a table alias and the column holding the work's date. */
export function scopeCondition(alias: string, dateColumn: string, scope: string): string {
  return `(${alias}.programme_code = ${scope}.programme OR (${alias}.programme_code IS NULL AND ${scope}.is_default
            AND ${alias}.${dateColumn} >= ${scope}.programme_from AND ${alias}.${dateColumn} < ${scope}.programme_to))`;
}

export function scopeOf(programme: ProgrammeDefinition): Scope {
  const range = dateRange(programme.period);
  return {
    programme: programme.code,
    is_default: programme.isDefaultForPeriod,
    programme_from: range.start.toISOString(),
    programme_to: range.end.toISOString(),
  };
}

/** The columns of a Spec, for jsonb_to_recordset / jsonb_to_record. */
export const SPEC_COLUMNS = `idx int, prestatie text, from_at timestamptz, to_at timestamptz, end_at timestamptz, types text[], locations text[],
  action int, adviser text, kinds text[], programme text, is_default boolean, programme_from timestamptz, programme_to timestamptz,
  cut_days timestamptz[], cut_day_ends timestamptz[], cut_first timestamptz, cut_last timestamptz`;

/** The activities (alias f) an indicator spec (alias s) looks at: its prestatie, period, filters and programme. */
export const ACTIVITY_MATCH = `f.prestatie_code = s.prestatie AND f.starts_at >= s.from_at AND f.starts_at < s.end_at
              AND (s.types IS NULL OR f.type = ANY (s.types))
              AND (s.locations IS NULL OR f.location_category = ANY (s.locations))
              AND (s.action IS NULL OR f.action_number = s.action)
              AND ${scopeCondition('f', 'starts_at', 's')}`;

/**
 * Per activity measure: whether a matching activity counts by the report date, and what it adds.
 * The figures sum these; the contributions list the activities that count, with what each adds,
 * so a list always adds up to its figure.
 */
export const ACTIVITY_MEASURES: Record<'activities-held' | 'participants' | 'registrations' | 'cost', { counts: string; value: string }> = {
  'activities-held': { counts: 'f.held AND f.starts_at < s.to_at', value: '1' },
  participants: { counts: 'f.held AND f.starts_at < s.to_at', value: 'COALESCE(f.closed_participants, f.held_participants, 0)' },
  registrations: { counts: 'NOT f.cancelled AND f.starts_at < s.to_at', value: 'f.registered_headcount' },
  cost: { counts: 'f.held AND f.starts_at < s.to_at', value: 'COALESCE(f.closed_cost_cents, f.held_cost_cents, 0)' },
};

/**
 * The activities an indicator spec (alias s) looks at, summed per local day, programme, type,
 * location and action (alias b): the day figures the projection keeps (`activity_day_figures`,
 * see its migration), for every day that no boundary of the spec cuts, and the activities
 * themselves, one bucket each, on the days one does (`cut_days`; today, while a period runs).
 * Within an uncut day every activity compares with every boundary as the day's start does, so a
 * bucket's `starts_at` (the day's start, or the activity's own) decides as each activity would:
 * the sums are those of ACTIVITY_MATCH and ACTIVITY_MEASURES over `activity_facts`.
 */
const ACTIVITY_BUCKETS = `(
         SELECT d.day_start AS starts_at, d.programme_code, d.type, d.location_category, d.action_number, d.held, d.held_participants,
                d.held_groups, d.held_cost_cents, d.registered_headcount, d.open, d.open_registered_headcount, d.open_planned_cost_cents
           FROM activity_day_figures d
          WHERE d.prestatie_code = s.prestatie AND d.day_start >= s.from_at AND d.day_start < s.end_at AND d.day_start <> ALL (s.cut_days)
         UNION ALL
         SELECT f.starts_at, f.programme_code, f.type, f.location_category, f.action_number, f.held::int,
                CASE WHEN f.held THEN ${ACTIVITY_MEASURES.participants.value} ELSE 0 END,
                CASE WHEN f.held THEN COALESCE(f.closed_groups, f.held_groups, 0) ELSE 0 END,
                CASE WHEN f.held THEN ${ACTIVITY_MEASURES.cost.value} ELSE 0 END,
                CASE WHEN NOT f.cancelled THEN ${ACTIVITY_MEASURES.registrations.value} ELSE 0 END,
                (NOT f.held AND NOT f.cancelled)::int,
                CASE WHEN NOT f.held AND NOT f.cancelled THEN f.registered_headcount ELSE 0 END,
                CASE WHEN NOT f.held AND NOT f.cancelled THEN COALESCE(f.planned_cost_cents, 0) ELSE 0 END
           FROM activity_facts f
          WHERE f.prestatie_code = s.prestatie AND f.starts_at >= s.cut_first AND f.starts_at < s.cut_last
            AND f.starts_at >= s.from_at AND f.starts_at < s.end_at
            AND EXISTS (SELECT 1 FROM unnest(s.cut_days, s.cut_day_ends) AS cut (day_start, day_end)
                         WHERE f.starts_at >= cut.day_start AND f.starts_at < cut.day_end)
       ) b`;

/** ACTIVITY_MATCH's filters and programme scope, on the buckets (alias b) of ACTIVITY_BUCKETS. */
const BUCKET_MATCH = `(s.types IS NULL OR b.type = ANY (s.types))
              AND (s.locations IS NULL OR b.location_category = ANY (s.locations))
              AND (s.action IS NULL OR b.action_number = s.action)
              AND ${scopeCondition('b', 'starts_at', 's')}`;

/**
 * The Financiën section's sums over single activities (alias f) of a prestatie in the programme's
 * period: spent is the actual cost of those held before the report date (a parameter), committed
 * the planned cost of those neither held nor cancelled. The report sums the same over day buckets
 * (BUDGET_FIGURES: held_cost_cents and open_planned_cost_cents are these values per activity); the
 * spending over time (per month) sums them over the activities.
 */
export const BUDGET_SUMS = {
  spent: (asOf: string) => `COALESCE(sum(COALESCE(f.closed_cost_cents, f.held_cost_cents, 0)) FILTER (WHERE f.held AND f.starts_at < ${asOf}), 0)`,
  committed: 'COALESCE(sum(f.planned_cost_cents) FILTER (WHERE NOT f.held AND NOT f.cancelled), 0)',
} as const;

/** The advices and knowledge items (alias t) an indicator spec (alias s) counts. */
export const COUNTED_MATCH = {
  advices: `t.prestatie_codes @> ARRAY[s.prestatie] AND t.issued_at >= s.from_at AND t.issued_at < s.to_at
            AND (s.adviser IS NULL OR lower(t.adviser) = s.adviser) AND ${scopeCondition('t', 'issued_at', 's')}`,
  knowledge_items: `t.prestatie_codes @> ARRAY[s.prestatie] AND t.first_published_at >= s.from_at AND t.first_published_at < s.to_at
            AND (s.kinds IS NULL OR t.kind = ANY (s.kinds)) AND ${scopeCondition('t', 'first_published_at', 's')}`,
} as const;

export interface Spec extends Scope {
  idx: number;
  prestatie: string;
  from_at: string;
  to_at: string;
  end_at: string;
  types: string[] | null;
  locations: string[] | null;
  action: number | null;
  adviser: string | null;
  kinds: string[] | null;
  /** The local days (start, end) a boundary of the spec falls inside of: read per activity, not per day. */
  cut_days: string[];
  cut_day_ends: string[];
  /** The first cut day's start and the last one's end (null when no day is cut): the index range the cut days are read from. */
  cut_first: string | null;
  cut_last: string | null;
}

/** The local days that one of the instants falls inside of (not at their midnight), each once. */
function cutDays(instants: Date[]): Pick<Spec, 'cut_days' | 'cut_day_ends' | 'cut_first' | 'cut_last'> {
  const days = new Map<number, { start: Date; end: Date }>();
  for (const instant of instants) {
    const day = localDay(instant);
    if (day.start.getTime() !== instant.getTime()) {
      days.set(day.start.getTime(), day);
    }
  }
  const cut = [...days.values()].sort((a, b) => a.start.getTime() - b.start.getTime());
  return {
    cut_days: cut.map((day) => day.start.toISOString()),
    cut_day_ends: cut.map((day) => day.end.toISOString()),
    cut_first: cut.length > 0 ? cut[0].start.toISOString() : null,
    cut_last: cut.length > 0 ? cut[cut.length - 1].end.toISOString() : null,
  };
}

/**
 * Activity-based indicators (specs in `param`), each an index range scan of its prestatie's day
 * figures (LATERAL), never a join over the whole table. The buckets' sums are ACTIVITY_MEASURES:
 * held figures and registrations count up to the report date; activities neither held nor
 * cancelled after it are planned, and all of those committed.
 */
const ACTIVITY_FIGURES = (param: string) => `
  SELECT s.idx, a.*
    FROM jsonb_to_recordset(${param}::jsonb) AS s (${SPEC_COLUMNS})
    CROSS JOIN LATERAL (
      SELECT COALESCE(sum(b.held) FILTER (WHERE b.starts_at < s.to_at), 0) AS held,
             COALESCE(sum(b.held_participants) FILTER (WHERE b.starts_at < s.to_at), 0) AS participants,
             COALESCE(sum(b.registered_headcount) FILTER (WHERE b.starts_at < s.to_at), 0) AS registrations,
             COALESCE(sum(b.held_cost_cents) FILTER (WHERE b.starts_at < s.to_at), 0) AS cost,
             COALESCE(sum(b.open) FILTER (WHERE b.starts_at >= s.to_at), 0) AS planned,
             COALESCE(sum(b.open_registered_headcount) FILTER (WHERE b.starts_at >= s.to_at), 0) AS planned_registrations,
             COALESCE(sum(b.open_planned_cost_cents), 0) AS planned_cost
        FROM ${ACTIVITY_BUCKETS}
       WHERE ${BUCKET_MATCH}
    ) a`;

/** Advices or knowledge items counted per spec. */
const COUNTED_FIGURES = (table: 'advices' | 'knowledge_items', param: string) => `
  SELECT s.idx, count(t.*) AS n
    FROM jsonb_to_recordset(${param}::jsonb) AS s (${SPEC_COLUMNS})
    LEFT JOIN ${table} t ON ${COUNTED_MATCH[table]}
   GROUP BY s.idx`;

/** Spent: actual cost of activities held up to the report date; committed: planned cost of those still to come; per action. */
const BUDGET_FIGURES = (param: string) => `
  SELECT s.prestatie AS prestatie_code, b.action_number,
         COALESCE(sum(b.held_cost_cents) FILTER (WHERE b.starts_at < s.to_at), 0) AS spent,
         COALESCE(sum(b.open_planned_cost_cents), 0) AS committed
    FROM jsonb_to_recordset(${param}::jsonb) AS s (${SPEC_COLUMNS})
    CROSS JOIN LATERAL (SELECT b.* FROM ${ACTIVITY_BUCKETS} WHERE ${BUCKET_MATCH}) b
   GROUP BY s.prestatie, b.action_number`;

/**
 * Per numbered action (one spec each): activities held by the report date
 * (ACTIVITY_MEASURES['activities-held'].counts) by type, with the participants and groups they reached.
 */
const ACTION_ACTIVITY_FIGURES = (param: string) => `
  SELECT s.prestatie, s.action, b.type, sum(b.held) AS held, sum(b.held_participants) AS participants, sum(b.held_groups) AS groups
    FROM jsonb_to_recordset(${param}::jsonb) AS s (${SPEC_COLUMNS})
    CROSS JOIN LATERAL (SELECT b.* FROM ${ACTIVITY_BUCKETS} WHERE ${BUCKET_MATCH} AND b.starts_at < s.to_at AND b.held > 0) b
   GROUP BY s.prestatie, s.action, b.type`;

/** Per numbered action: advices or knowledge items made under it (their action references). */
const ACTION_COUNTED_FIGURES = (table: 'advices' | 'knowledge_items', param: string) => `
  SELECT s.prestatie, s.action, count(t.*) AS n
    FROM jsonb_to_recordset(${param}::jsonb) AS s (${SPEC_COLUMNS})
    JOIN ${table} t ON ${COUNTED_MATCH[table]} AND t.action_refs @> ARRAY[s.prestatie || '#' || s.action]
   GROUP BY s.prestatie, s.action`;

/**
 * The first instant at or after ${from} (a timestamptz) at which an activity of one of the
 * prestaties (${codes}, a text[]) starts, or an advice or knowledge item of one of them is dated;
 * null when there is none. Activities per prestatie through their (prestatie_code, starts_at) index.
 */
const NEXT_DATED = (from: string, codes: string) => `(
  SELECT min(n.at) FROM (
    SELECT (SELECT f.starts_at FROM activity_facts f WHERE f.prestatie_code = c.code AND f.starts_at >= ${from}::timestamptz
             ORDER BY f.starts_at LIMIT 1) AS at
      FROM unnest(${codes}::text[]) AS c (code)
    UNION ALL
    SELECT min(t.issued_at) FROM advices t WHERE t.issued_at >= ${from}::timestamptz AND t.prestatie_codes && ${codes}::text[]
    UNION ALL
    SELECT min(t.first_published_at) FROM knowledge_items t WHERE t.first_published_at >= ${from}::timestamptz AND t.prestatie_codes && ${codes}::text[]
  ) n)`;

/**
 * Actuals of indicators, read from the projections. The cost of a report depends on the number
 * of indicators and of activities of their prestaties, never on registrations: those are
 * already folded into each activity's registered headcount.
 */
@Injectable()
export class IndicatorActualsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Every figure of the report in one statement (one round trip): one statement sees one
   * snapshot, so an event applied meanwhile cannot make the cost indicator and the Financiën
   * section of one report count different activities. A caller's manager (the rebuild's, whose
   * search path leads to its fresh tables) runs it in its own transaction.
   */
  async compute(
    programme: ProgrammeDefinition,
    asOf: Date,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ indicators: IndicatorActual[]; budgets: BudgetActual[]; actions: ActionActual[] }> {
    const { figures } = await this.read(programme, asOf, manager, false);
    return figures;
  }

  /**
   * The figures with, read in the same statement (one snapshot), the data version they belong
   * to (see the migration of `report_data_version`) and the first instant at or after the report
   * date at which one of the programme's activities starts or an advice or knowledge item of its
   * prestaties is dated. Every figure counts what is dated before the report date, so the same
   * figures hold for any later report date up to that instant, as long as the version stays.
   */
  async computeVersioned(
    programme: ProgrammeDefinition,
    asOf: Date,
  ): Promise<{ figures: { indicators: IndicatorActual[]; budgets: BudgetActual[]; actions: ActionActual[] }; dataVersion: string; stableUntil?: Date }> {
    const { figures, row } = await this.read(programme, asOf, this.dataSource.manager, true);
    return { figures, dataVersion: String(row.data_version), stableUntil: row.stable_until ?? undefined };
  }

  /** The number every transaction that changes a table the figures are read from raises. */
  async dataVersion(): Promise<string> {
    const [row]: { version: string }[] = await this.dataSource.query(`SELECT version FROM report_data_version`);
    return String(row.version);
  }

  private async read(programme: ProgrammeDefinition, asOf: Date, manager: EntityManager, versioned: boolean) {
    const entries = programme.prestaties.flatMap((prestatie) =>
      prestatie.indicators.map((indicator) => ({ prestatie: prestatie.code, indicator })),
    );
    const specs = entries.map(({ prestatie, indicator }, idx) => this.spec(idx, prestatie, indicator, programme, asOf));
    const byMeasure = (test: (indicator: IndicatorDefinition) => boolean) =>
      specs.filter((spec) => test(entries[spec.idx].indicator));
    const budgetCodes = programme.prestaties.filter((prestatie) => prestatie.budget).map((prestatie) => prestatie.code);
    // A budget is the whole prestatie over the programme's period: spent counts up to the report date (to_at).
    const budgetSpecs = budgetCodes.map((code, idx) =>
      this.spec(idx, code, { key: 'budget', label: { nl: 'begroting' }, measure: 'cost', filter: {}, target: { kind: 'at-least', value: 0 } }, programme, asOf),
    );
    const actionSpecs = programme.prestaties.flatMap((prestatie) => prestatie.actions.map((action) => this.actionSpec(programme, prestatie.code, action.number, asOf)));
    const parts = [
      { name: 'activities', sql: ACTIVITY_FIGURES('$1') },
      { name: 'advices', sql: COUNTED_FIGURES('advices', '$2') },
      { name: 'items', sql: COUNTED_FIGURES('knowledge_items', '$3') },
      { name: 'budgets', sql: BUDGET_FIGURES('$4') },
      { name: 'action_activities', sql: ACTION_ACTIVITY_FIGURES('$5'), order: 'r.prestatie, r.action, r.type' },
      { name: 'action_advices', sql: ACTION_COUNTED_FIGURES('advices', '$5') },
      { name: 'action_items', sql: ACTION_COUNTED_FIGURES('knowledge_items', '$5') },
    ];
    const parameters: unknown[] = [
      JSON.stringify(byMeasure((indicator) => isActivityMeasure(indicator.measure))),
      JSON.stringify(byMeasure((indicator) => indicator.measure === 'advices-issued')),
      JSON.stringify(byMeasure((indicator) => indicator.measure === 'knowledge-items-published')),
      JSON.stringify(budgetSpecs),
      JSON.stringify(actionSpecs),
    ];
    const columns = parts.map((part) => `(SELECT COALESCE(json_agg(r${part.order ? ` ORDER BY ${part.order}` : ''}), '[]') FROM (${part.sql}) r) AS ${part.name}`);
    if (versioned) {
      columns.push(`(SELECT version FROM report_data_version) AS data_version`, `${NEXT_DATED('$6', '$7')} AS stable_until`);
      parameters.push(asOf.toISOString(), programme.prestaties.map((prestatie) => prestatie.code));
    }
    const [row]: (Record<string, Record<string, number | string | null>[]> & { data_version?: string; stable_until?: Date | null })[] =
      await manager.query(`SELECT ${columns.join(',\n')}`, parameters);
    const activityRows = new Map(row.activities.map((found) => [Number(found.idx), found]));
    const counts = (rows: Record<string, number | string | null>[]) => new Map(rows.map((found) => [Number(found.idx), Number(found.n)]));
    const adviceRows = counts(row.advices);
    const itemRows = counts(row.items);
    const indicators = specs.map((spec): IndicatorActual => {
      const { indicator, prestatie } = entries[spec.idx];
      const base = { prestatieCode: prestatie, key: indicator.key, from: new Date(spec.from_at), to: new Date(spec.to_at), periodEnd: new Date(spec.end_at) };
      const activity = activityRows.get(spec.idx);
      const figure = (name: string) => Number(activity?.[name] ?? 0);
      switch (indicator.measure) {
        case 'activities-held':
          return { ...base, actual: figure('held'), pipeline: figure('planned') };
        case 'participants':
          return { ...base, actual: figure('participants'), pipeline: figure('planned_registrations') };
        case 'registrations':
          return { ...base, actual: figure('registrations'), pipeline: figure('planned_registrations') };
        case 'cost':
          return { ...base, actual: figure('cost'), pipeline: figure('planned_cost') };
        case 'advices-issued':
          return { ...base, actual: adviceRows.get(spec.idx) ?? 0 };
        case 'knowledge-items-published':
          return { ...base, actual: itemRows.get(spec.idx) ?? 0 };
      }
    });
    const budgets = budgetCodes.map((code): BudgetActual => {
      const mine = row.budgets.filter((found) => found.prestatie_code === code);
      return {
        prestatieCode: code,
        spentCents: mine.reduce((sum, found) => sum + Number(found.spent), 0),
        committedCents: mine.reduce((sum, found) => sum + Number(found.committed), 0),
        actions: mine
          .filter((found) => found.action_number !== null)
          .map((found) => ({ number: Number(found.action_number), spentCents: Number(found.spent), committedCents: Number(found.committed) })),
      };
    });
    const mine = (rows: Record<string, number | string | null>[], spec: Spec) =>
      rows.filter((found) => found.prestatie === spec.prestatie && Number(found.action) === spec.action);
    const actions = actionSpecs.map(
      (spec): ActionActual => ({
        prestatieCode: spec.prestatie,
        actionNumber: spec.action!,
        activities: mine(row.action_activities, spec).map((found) => ({
          type: found.type as string,
          held: Number(found.held),
          participants: Number(found.participants),
          groups: Number(found.groups),
        })),
        advices: Number(mine(row.action_advices, spec)[0]?.n ?? 0),
        knowledgeItems: Number(mine(row.action_items, spec)[0]?.n ?? 0),
      }),
    );
    return { figures: { indicators, budgets, actions }, row };
  }

  /** The spec of a whole prestatie (or one of its actions): every activity, advice and item of the programme's period. */
  actionSpec(programme: ProgrammeDefinition, prestatie: string, action: number, asOf: Date): Spec {
    return this.spec(0, prestatie, { key: 'action', label: { nl: 'actie' }, measure: 'activities-held', filter: { actionNumber: action }, target: { kind: 'at-least', value: 0 } }, programme, asOf);
  }

  spec(idx: number, prestatie: string, indicator: IndicatorDefinition, programme: ProgrammeDefinition, asOf: Date): Spec {
    const range = dateRange(indicator.period ?? programme.period);
    const to = new Date(Math.max(range.start.getTime(), Math.min(range.end.getTime(), asOf.getTime())));
    const list = (values?: string[]) => (values && values.length > 0 ? values : null);
    const scope = scopeOf(programme);
    return {
      ...scope,
      ...cutDays([range.start, to, range.end, new Date(scope.programme_from), new Date(scope.programme_to)]),
      idx,
      prestatie,
      from_at: range.start.toISOString(),
      to_at: to.toISOString(),
      end_at: range.end.toISOString(),
      types: list(indicator.filter.activityTypes),
      locations: list(indicator.filter.locationCategories),
      action: indicator.filter.actionNumber ?? null,
      adviser: indicator.filter.adviser?.toLowerCase() ?? null,
      kinds: list(indicator.filter.knowledgeKinds),
    };
  }
}
