import { DateTime } from 'luxon';
import type { ActivityModel } from './model';
import type { AdvicePlan } from './plan';

/** The parts of a programme definition (GET /v1/programmes/{code}) the ground truth needs. */
export interface ProgrammeDefinition {
  code: string;
  period: { start: string; end: string };
  reportingCalendar?: Array<{ key: string; label: { nl: string; en?: string }; standPer: string }>;
  prestaties: Array<{
    code: string;
    budget?: { amountCents: number };
    actions?: Array<{ number: number }>;
    /** The report carries the policy monitor's figures (9.1.6). */
    policyMonitor?: boolean;
    indicators: Array<{
      key: string;
      label: { nl: string; en?: string };
      measure:
        | 'activities-held'
        | 'participants'
        | 'registrations'
        | 'advices-issued'
        | 'knowledge-items-published'
        | 'cost';
      filter?: {
        activityTypes?: string[];
        locationCategories?: string[];
        actionNumber?: number;
        adviser?: string;
        knowledgeKinds?: string[];
      };
      period?: { start: string; end: string };
    }>;
  }>;
}

/** One number of the report next to what the simulator knows it must be. */
export interface Figure {
  /** Stable name: "7.2.3 democracy-games", "7.2.3 budget spent". */
  name: string;
  label: string;
  expected: number;
  reported?: number;
}

/** A knowledge item the simulation published. */
export interface PublishedItem {
  programmeCode: string;
  kind: string;
  prestatieCodes: string[];
  publishedAt: Date;
}

/** The report figures the simulator checks, as `reportFigures` reads them from the JSON report. */
export type ReportFigures = Map<string, number>;

const ZONE = 'Europe/Amsterdam';

function range(period: { start: string; end: string }): { start: number; end: number } {
  return {
    start: DateTime.fromISO(period.start, { zone: ZONE }).toMillis(),
    end: DateTime.fromISO(period.end, { zone: ZONE }).plus({ days: 1 }).toMillis(),
  };
}

/** Reads the checked figures from a JSON programme report. */
export function reportFigures(report: any): ReportFigures {
  const figures: ReportFigures = new Map();
  for (const prestatie of report.prestaties ?? []) {
    for (const indicator of prestatie.indicators ?? []) {
      figures.set(`${prestatie.code} ${indicator.key}`, indicator.actual);
      if (indicator.measure === 'activities-held' && indicator.pipeline !== undefined) {
        figures.set(`${prestatie.code} ${indicator.key} planned`, indicator.pipeline);
      }
    }
    for (const action of prestatie.actions ?? []) {
      if (action.realisation) {
        figures.set(`${prestatie.code} action ${action.number} held`, action.realisation.held);
      }
    }
    if (prestatie.budget) {
      figures.set(`${prestatie.code} budget spent`, prestatie.budget.spentCents);
      figures.set(`${prestatie.code} budget committed`, prestatie.budget.committedCents);
    }
  }
  return figures;
}

/**
 * What the report must say about what this simulation did, indicator by indicator, applying
 * each indicator's definition (types, location categories, action, adviser, period) to the
 * simulator's own record. Figures run from the indicator's start to `asOf` (the report's
 * "today"); amounts in euro cents, as the report gives them. `baseline` holds the figures before the run, for a system that
 * already had data; it is empty for a fresh one.
 */
export function expectedFigures(
  programme: ProgrammeDefinition,
  activities: ActivityModel[],
  advices: Array<AdvicePlan & { programmeCode?: string }>,
  published: PublishedItem[],
  asOf: Date,
  baseline: ReportFigures = new Map(),
): Figure[] {
  const figures: Figure[] = [];
  const add = (name: string, label: string, delta: number) =>
    figures.push({ name, label, expected: round((baseline.get(name) ?? 0) + delta) });
  const programmeRange = range(programme.period);
  // Only the work that names this programme: two programmes holding one prestatie never mix.
  activities = activities.filter((activity) => activity.programmeCode === programme.code);
  advices = advices.filter((advice) => (advice.programmeCode ?? programme.code) === programme.code);
  published = published.filter((item) => item.programmeCode === programme.code);
  for (const prestatie of programme.prestaties) {
    const own = activities.filter((activity) => activity.plan.prestatieCode === prestatie.code);
    for (const indicator of prestatie.indicators) {
      const period = range(indicator.period ?? programme.period);
      const to = Math.max(period.start, Math.min(period.end, asOf.getTime()));
      const filter = indicator.filter ?? {};
      const matching = own.filter((activity) => {
        const start = activity.plan.finalStart.getTime();
        return (
          start >= period.start &&
          start < period.end &&
          (!filter.activityTypes?.length || filter.activityTypes.includes(activity.plan.type)) &&
          (!filter.locationCategories?.length ||
            filter.locationCategories.includes(activity.plan.locationCategory)) &&
          (filter.actionNumber === undefined || filter.actionNumber === activity.plan.actionNumber)
        );
      });
      const held = matching.filter((activity) => isHeld(activity) && activity.plan.finalStart.getTime() < to);
      const label = indicator.label.nl;
      switch (indicator.measure) {
        case 'activities-held':
          add(`${prestatie.code} ${indicator.key}`, `${label} gehouden`, held.length);
          add(
            `${prestatie.code} ${indicator.key} planned`,
            `${label} nog gepland`,
            matching.filter(
              (activity) =>
                !isHeld(activity) &&
                activity.status !== 'cancelled' &&
                activity.plan.finalStart.getTime() >= to,
            ).length,
          );
          break;
        case 'participants':
          add(
            `${prestatie.code} ${indicator.key}`,
            label,
            sum(held, (activity) => activity.participants ?? 0),
          );
          break;
        case 'registrations':
          add(
            `${prestatie.code} ${indicator.key}`,
            label,
            sum(
              matching.filter(
                (activity) => activity.status !== 'cancelled' && activity.plan.finalStart.getTime() < to,
              ),
              (activity) => activity.registeredHeadcount,
            ),
          );
          break;
        case 'cost':
          add(
            `${prestatie.code} ${indicator.key}`,
            `${label} (cents)`,
            sum(held, (activity) => activity.plan.actualCostCents ?? 0),
          );
          break;
        case 'advices-issued':
          add(
            `${prestatie.code} ${indicator.key}`,
            `${label} uitgebracht`,
            advices.filter(
              (advice) =>
                advice.prestatieCodes.includes(prestatie.code) &&
                advice.issuedAt.getTime() >= period.start &&
                advice.issuedAt.getTime() < to &&
                (filter.adviser === undefined ||
                  advice.adviser.toLowerCase() === filter.adviser.toLowerCase()),
            ).length,
          );
          break;
        case 'knowledge-items-published':
          add(
            `${prestatie.code} ${indicator.key}`,
            `${label} gepubliceerd`,
            published.filter(
              (item) =>
                item.prestatieCodes.includes(prestatie.code) &&
                item.publishedAt.getTime() >= period.start &&
                item.publishedAt.getTime() < to &&
                (!filter.knowledgeKinds?.length || filter.knowledgeKinds.includes(item.kind)),
            ).length,
          );
          break;
      }
    }
    if (prestatie.budget) {
      const inRange = own.filter(
        (activity) =>
          activity.plan.finalStart.getTime() >= programmeRange.start &&
          activity.plan.finalStart.getTime() < programmeRange.end,
      );
      const until = Math.min(asOf.getTime(), programmeRange.end);
      add(
        `${prestatie.code} budget spent`,
        'besteed (cents)',
        sum(
          inRange.filter((activity) => isHeld(activity) && activity.plan.finalStart.getTime() < until),
          (activity) => activity.plan.actualCostCents ?? 0,
        ),
      );
      add(
        `${prestatie.code} budget committed`,
        'verplicht (cents)',
        sum(
          inRange.filter((activity) => !isHeld(activity) && activity.status !== 'cancelled'),
          (activity) => activity.plan.plannedCostCents,
        ),
      );
    }
  }
  return figures;
}

/**
 * What each numbered action's drill-down must list: the activities held under it in the
 * programme from its start to `asOf` (named "<prestatie> action <n> held").
 */
export function expectedActionFigures(
  programme: ProgrammeDefinition,
  activities: ActivityModel[],
  asOf: Date,
  baseline: ReportFigures = new Map(),
): Figure[] {
  const period = range(programme.period);
  const to = Math.max(period.start, Math.min(period.end, asOf.getTime()));
  return programme.prestaties.flatMap((prestatie) =>
    (prestatie.actions ?? []).map((action) => {
      const name = `${prestatie.code} action ${action.number} held`;
      const held = activities.filter(
        (activity) =>
          activity.programmeCode === programme.code &&
          activity.plan.prestatieCode === prestatie.code &&
          activity.plan.actionNumber === action.number &&
          isHeld(activity) &&
          activity.plan.finalStart.getTime() >= period.start &&
          activity.plan.finalStart.getTime() < to,
      ).length;
      return { name, label: `actie ${action.number}: activiteiten gehouden`, expected: (baseline.get(name) ?? 0) + held };
    }),
  );
}

export function compare(
  expected: Figure[],
  reported: ReportFigures,
): { figures: Figure[]; mismatches: Figure[] } {
  const figures = expected.map((figure) => ({ ...figure, reported: reported.get(figure.name) }));
  return {
    figures,
    mismatches: figures.filter(
      (figure) => figure.reported === undefined || Math.abs(figure.reported - figure.expected) > 0.005,
    ),
  };
}

function isHeld(activity: ActivityModel): boolean {
  return activity.status === 'held' || activity.status === 'closed';
}

function sum<T>(items: T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The ground truth by prestatie, type and location category, as a Markdown table. */
export function groundTruthTable(activities: ActivityModel[]): string {
  const rows = new Map<
    string,
    {
      held: number;
      closed: number;
      cancelled: number;
      planned: number;
      unrecorded: number;
      costCents: number;
    }
  >();
  for (const activity of activities) {
    const key = `| ${activity.plan.prestatieCode} | ${activity.plan.actionNumber} | ${activity.plan.type} | ${activity.plan.locationCategory} |`;
    const row = rows.get(key) ?? {
      held: 0,
      closed: 0,
      cancelled: 0,
      planned: 0,
      unrecorded: 0,
      costCents: 0,
    };
    if (activity.status === 'closed') {
      row.closed += 1;
      row.costCents += activity.plan.actualCostCents ?? 0;
    }
    if (isHeld(activity)) {
      row.held += 1;
    } else if (activity.status === 'cancelled') {
      row.cancelled += 1;
    } else if (activity.plan.fate === 'unrecorded') {
      row.unrecorded += 1;
    } else {
      row.planned += 1;
    }
    rows.set(key, row);
  }
  const lines = [
    '| prestatie | action | type | location | held | of which closed | cancelled | planned | not recorded | actual cost (EUR) |',
    '| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [key, row] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(
      `${key} ${row.held} | ${row.closed} | ${row.cancelled} | ${row.planned} | ${row.unrecorded} | ${(row.costCents / 100).toFixed(2)} |`,
    );
  }
  return lines.join('\n');
}

export function figuresTable(figures: Figure[]): string {
  const lines = ['| figure | ground truth | report | |', '| --- | ---: | ---: | --- |'];
  for (const figure of figures) {
    const ok = figure.reported !== undefined && Math.abs(figure.reported - figure.expected) <= 0.005;
    lines.push(
      `| ${figure.name} (${figure.label}) | ${figure.expected} | ${figure.reported ?? 'missing'} | ${ok ? 'ok' : 'MISMATCH'} |`,
    );
  }
  return lines.join('\n');
}
