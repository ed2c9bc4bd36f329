import type { ActionActual, BudgetActual, IndicatorActual } from '../indicators/indicator-actuals.repository';
import type { PolicyMonitorReport } from './report.model';

/** What a report reads from the projections: everything but the texts and the workflow state. */
export interface ReportFigures {
  indicators: IndicatorActual[];
  budgets: BudgetActual[];
  actions: ActionActual[];
  policyMonitor: Map<string, PolicyMonitorReport>;
}

interface Entry {
  dataVersion: string;
  /** The report date the figures were read for, and the last one they also hold for (ms). */
  asOf: number;
  stableUntil: number;
  figures: ReportFigures;
}

/**
 * Issue 13: the figures of recently asked reports, so that asking again costs one read of the
 * data version instead of the figures statement. An entry answers only for the data version it
 * was read at (raised in the transaction of every write to the tables the figures come from, and
 * read in the figures' own statement), and only for a report date from the one it was read for
 * up to the next instant something is dated at (a later date would count it): it is exactly what
 * reading again would give. Callers never change the figures they are handed.
 */
export class ReportFiguresCache {
  private readonly entries = new LatestAsked<Entry>();

  get(key: string, dataVersion: string, asOf: Date): ReportFigures | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.dataVersion !== dataVersion || asOf.getTime() < entry.asOf || asOf.getTime() > entry.stableUntil) {
      return undefined;
    }
    return entry.figures;
  }

  set(key: string, dataVersion: string, asOf: Date, stableUntil: Date | undefined, figures: ReportFigures): void {
    this.entries.set(key, { dataVersion, asOf: asOf.getTime(), stableUntil: stableUntil?.getTime() ?? Number.POSITIVE_INFINITY, figures });
  }
}

/** The values of the most recently asked keys: at most `capacity`, the least recently asked one gives way. */
export class LatestAsked<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity = 64) {}

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }
}
