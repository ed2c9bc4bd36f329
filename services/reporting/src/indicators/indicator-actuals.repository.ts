import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isActivityMeasure, type IndicatorDefinition, type ProgrammeDefinition } from '../programmes/programme.schema';
import { dateRange } from '../reports/periods';

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
  action int, adviser text, kinds text[], programme text, is_default boolean, programme_from timestamptz, programme_to timestamptz`;

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
 * The Financiën section's sums over activities (alias f) of a prestatie in the programme's period:
 * spent is the actual cost of those held before the report date (a parameter), committed the
 * planned cost of those neither held nor cancelled. The spending over time sums the same.
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
}

/**
 * Actuals of indicators, read from the projections. The cost of a report depends on the number
 * of indicators and of activities of their prestaties, never on registrations: those are
 * already folded into each activity's registered headcount.
 */
@Injectable()
export class IndicatorActualsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Without a transaction of the caller's, the statements run in one REPEATABLE READ
   * transaction: they see one snapshot, so an event applied between two of them cannot make
   * the cost indicator and the Financiën section of one report count different activities.
   */
  async compute(
    programme: ProgrammeDefinition,
    asOf: Date,
    manager?: EntityManager,
  ): Promise<{ indicators: IndicatorActual[]; budgets: BudgetActual[]; actions: ActionActual[] }> {
    if (!manager) {
      return this.dataSource.transaction('REPEATABLE READ', (tx) => this.compute(programme, asOf, tx));
    }
    const entries = programme.prestaties.flatMap((prestatie) =>
      prestatie.indicators.map((indicator) => ({ prestatie: prestatie.code, indicator })),
    );
    const specs = entries.map(({ prestatie, indicator }, idx) => this.spec(idx, prestatie, indicator, programme, asOf));
    const byMeasure = (test: (indicator: IndicatorDefinition) => boolean) =>
      specs.filter((spec) => test(entries[spec.idx].indicator));
    // One after another: the manager may be a transaction's, whose one connection runs one query at a time.
    const activityRows = await this.activityFigures(manager, byMeasure((indicator) => isActivityMeasure(indicator.measure)));
    const adviceRows = await this.count(manager, 'advices', byMeasure((indicator) => indicator.measure === 'advices-issued'));
    const itemRows = await this.count(manager, 'knowledge_items', byMeasure((indicator) => indicator.measure === 'knowledge-items-published'));
    const budgetRows = await this.budgets(manager, programme, asOf);
    const actionRows = await this.actionFigures(manager, programme, asOf);
    const indicators = specs.map((spec): IndicatorActual => {
      const { indicator, prestatie } = entries[spec.idx];
      const base = { prestatieCode: prestatie, key: indicator.key, from: new Date(spec.from_at), to: new Date(spec.to_at), periodEnd: new Date(spec.end_at) };
      const activity = activityRows.get(spec.idx);
      switch (indicator.measure) {
        case 'activities-held':
          return { ...base, actual: activity?.held ?? 0, pipeline: activity?.planned ?? 0 };
        case 'participants':
          return { ...base, actual: activity?.participants ?? 0, pipeline: activity?.planned_registrations ?? 0 };
        case 'registrations':
          return { ...base, actual: activity?.registrations ?? 0, pipeline: activity?.planned_registrations ?? 0 };
        case 'cost':
          return { ...base, actual: activity?.cost ?? 0, pipeline: activity?.planned_cost ?? 0 };
        case 'advices-issued':
          return { ...base, actual: adviceRows.get(spec.idx) ?? 0 };
        case 'knowledge-items-published':
          return { ...base, actual: itemRows.get(spec.idx) ?? 0 };
      }
    });
    return { indicators, budgets: budgetRows, actions: actionRows };
  }

  /** The spec of a whole prestatie (or one of its actions): every activity, advice and item of the programme's period. */
  actionSpec(programme: ProgrammeDefinition, prestatie: string, action: number, asOf: Date): Spec {
    return this.spec(0, prestatie, { key: 'action', label: { nl: 'actie' }, measure: 'activities-held', filter: { actionNumber: action }, target: { kind: 'at-least', value: 0 } }, programme, asOf);
  }

  /**
   * Per numbered action: activities held by type with participants and groups, advices and
   * knowledge items made under it (their action references), from the programme's start up to
   * the report date, in the programme's scope.
   */
  private async actionFigures(manager: EntityManager, programme: ProgrammeDefinition, asOf: Date): Promise<ActionActual[]> {
    const specs = programme.prestaties.flatMap((prestatie) => prestatie.actions.map((action) => this.actionSpec(programme, prestatie.code, action.number, asOf)));
    if (specs.length === 0) {
      return [];
    }
    const activities: { prestatie: string; action: number; type: string; held: string; participants: string; groups: string }[] = await manager.query(
      `SELECT s.prestatie, s.action, f.type, count(*) AS held,
              COALESCE(sum(${ACTIVITY_MEASURES.participants.value}), 0) AS participants,
              COALESCE(sum(COALESCE(f.closed_groups, f.held_groups, 0)), 0) AS groups
         FROM jsonb_to_recordset($1::jsonb) AS s (${SPEC_COLUMNS})
         JOIN activity_facts f ON ${ACTIVITY_MATCH} AND ${ACTIVITY_MEASURES['activities-held'].counts}
        GROUP BY s.prestatie, s.action, f.type ORDER BY s.prestatie, s.action, f.type`,
      [JSON.stringify(specs)],
    );
    const counted = async (table: 'advices' | 'knowledge_items') =>
      (await manager.query(
        `SELECT s.prestatie, s.action, count(t.*) AS n
           FROM jsonb_to_recordset($1::jsonb) AS s (${SPEC_COLUMNS})
           JOIN ${table} t ON ${COUNTED_MATCH[table]} AND t.action_refs @> ARRAY[s.prestatie || '#' || s.action]
          GROUP BY s.prestatie, s.action`,
        [JSON.stringify(specs)],
      )) as { prestatie: string; action: number; n: string }[];
    const advices = await counted('advices');
    const items = await counted('knowledge_items');
    const mine = <T extends { prestatie: string; action: number }>(rows: T[], spec: Spec) =>
      rows.filter((row) => row.prestatie === spec.prestatie && Number(row.action) === spec.action);
    return specs.map((spec) => ({
      prestatieCode: spec.prestatie,
      actionNumber: spec.action!,
      activities: mine(activities, spec).map((row) => ({
        type: row.type,
        held: Number(row.held),
        participants: Number(row.participants),
        groups: Number(row.groups),
      })),
      advices: Number(mine(advices, spec)[0]?.n ?? 0),
      knowledgeItems: Number(mine(items, spec)[0]?.n ?? 0),
    }));
  }

  spec(idx: number, prestatie: string, indicator: IndicatorDefinition, programme: ProgrammeDefinition, asOf: Date): Spec {
    const range = dateRange(indicator.period ?? programme.period);
    const to = new Date(Math.max(range.start.getTime(), Math.min(range.end.getTime(), asOf.getTime())));
    const list = (values?: string[]) => (values && values.length > 0 ? values : null);
    return {
      ...scopeOf(programme),
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

  /** All activity-based indicators in one statement: each is an index range scan on (prestatie, start). */
  private async activityFigures(manager: EntityManager, specs: Spec[]) {
    const result = new Map<number, Record<'held' | 'participants' | 'registrations' | 'cost' | 'planned' | 'planned_registrations' | 'planned_cost', number>>();
    if (specs.length === 0) {
      return result;
    }
    // LATERAL: one index range scan on (prestatie, start) per indicator, never a join over the whole table.
    const m = ACTIVITY_MEASURES;
    const rows: Record<string, string>[] = await manager.query(
      `SELECT s.idx, a.*
         FROM jsonb_to_recordset($1::jsonb) AS s (${SPEC_COLUMNS})
         CROSS JOIN LATERAL (
           SELECT count(*) FILTER (WHERE ${m['activities-held'].counts}) AS held,
                  COALESCE(sum(${m.participants.value}) FILTER (WHERE ${m.participants.counts}), 0) AS participants,
                  COALESCE(sum(${m.registrations.value}) FILTER (WHERE ${m.registrations.counts}), 0) AS registrations,
                  COALESCE(sum(${m.cost.value}) FILTER (WHERE ${m.cost.counts}), 0) AS cost,
                  count(*) FILTER (WHERE NOT f.held AND NOT f.cancelled AND f.starts_at >= s.to_at) AS planned,
                  COALESCE(sum(f.registered_headcount) FILTER (WHERE NOT f.held AND NOT f.cancelled AND f.starts_at >= s.to_at), 0) AS planned_registrations,
                  COALESCE(sum(f.planned_cost_cents) FILTER (WHERE NOT f.held AND NOT f.cancelled), 0) AS planned_cost
             FROM activity_facts f
            WHERE ${ACTIVITY_MATCH}
         ) a`,
      [JSON.stringify(specs)],
    );
    for (const row of rows) {
      result.set(Number(row.idx), {
        held: Number(row.held),
        participants: Number(row.participants),
        registrations: Number(row.registrations),
        cost: Number(row.cost),
        planned: Number(row.planned),
        planned_registrations: Number(row.planned_registrations),
        planned_cost: Number(row.planned_cost),
      });
    }
    return result;
  }

  private async count(manager: EntityManager, table: 'advices' | 'knowledge_items', specs: Spec[]): Promise<Map<number, number>> {
    if (specs.length === 0) {
      return new Map();
    }
    const rows: { idx: number; n: string }[] = await manager.query(
      `SELECT s.idx, count(t.*) AS n
         FROM jsonb_to_recordset($1::jsonb) AS s (${SPEC_COLUMNS})
         LEFT JOIN ${table} t ON ${COUNTED_MATCH[table]}
        GROUP BY s.idx`,
      [JSON.stringify(specs)],
    );
    return new Map(rows.map((row) => [Number(row.idx), Number(row.n)]));
  }

  /** Spent: actual cost of activities held up to the report date; committed: planned cost of those still to come. */
  private async budgets(manager: EntityManager, programme: ProgrammeDefinition, asOf: Date): Promise<BudgetActual[]> {
    const range = dateRange(programme.period);
    const codes = programme.prestaties.filter((prestatie) => prestatie.budget).map((prestatie) => prestatie.code);
    if (codes.length === 0) {
      return [];
    }
    const rows: { prestatie_code: string; action_number: number | null; spent: string; committed: string }[] = await manager.query(
      `SELECT code AS prestatie_code, f.action_number,
              ${BUDGET_SUMS.spent('$4')} AS spent, ${BUDGET_SUMS.committed} AS committed
         FROM unnest($1::text[]) AS code
         CROSS JOIN jsonb_to_record($5::jsonb) AS s (programme text, is_default boolean, programme_from timestamptz, programme_to timestamptz)
         LEFT JOIN activity_facts f ON f.prestatie_code = code AND f.starts_at >= $2 AND f.starts_at < $3
                                   AND ${scopeCondition('f', 'starts_at', 's')}
        GROUP BY code, f.action_number`,
      [codes, range.start, range.end, new Date(Math.min(asOf.getTime(), range.end.getTime())), JSON.stringify(scopeOf(programme))],
    );
    return codes.map((code) => {
      const mine = rows.filter((row) => row.prestatie_code === code);
      return {
        prestatieCode: code,
        spentCents: mine.reduce((sum, row) => sum + Number(row.spent), 0),
        committedCents: mine.reduce((sum, row) => sum + Number(row.committed), 0),
        actions: mine
          .filter((row) => row.action_number !== null)
          .map((row) => ({ number: Number(row.action_number), spentCents: Number(row.spent), committedCents: Number(row.committed) })),
      };
    });
  }
}
