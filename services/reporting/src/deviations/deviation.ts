import type { TargetKind } from '../programmes/programme.schema';

/** What a measured thing, an indicator or a budget, is judged against its target. */
export type MeasuredJudgement = 'on-track' | 'at-risk' | 'deviation';

/**
 * A prestatie's or the programme's judgement: the worst of what it holds, or 'not-judged' when
 * it holds nothing that is judged (a prestatie without indicators and without a budget of its
 * own). Nobody measured such a prestatie, so it is not "on track" either.
 */
export type Judgement = MeasuredJudgement | 'not-judged';

/** 'not-judged' ranks below every judgement made, so it is the worst only of nothing judged. */
export const SEVERITY: Record<Judgement, number> = { 'not-judged': -1, 'on-track': 0, 'at-risk': 1, deviation: 2 };

/** The worst of the judgements; 'not-judged' when none of them is judged (or there are none). */
export function worst(judgements: readonly Judgement[]): Judgement {
  return judgements.reduce<Judgement>((found, next) => (SEVERITY[next] > SEVERITY[found] ? next : found), 'not-judged');
}

/**
 * A prestatie is judged by its indicators and its own budget: the worst of them. With neither it
 * is not judged, and needs no explanation; only a deviation does.
 */
export function judgePrestatie(indicators: readonly MeasuredJudgement[], budget: MeasuredJudgement | undefined): { status: Judgement; explanationRequired: boolean } {
  const status = worst(budget === undefined ? indicators : [...indicators, budget]);
  return { status, explanationRequired: status === 'deviation' };
}

/** Why a judgement was made; the reports put each into words. */
export type Reason =
  | 'cap-exceeded'
  | 'cap-pace'
  | 'floor-missed'
  | 'floor-out-of-reach'
  | 'floor-pace'
  | 'budget-overrun'
  | 'budget-pace'
  | 'budget-nearly-used';

export interface Thresholds {
  /** A pace projection this far beyond a cap, or short of a floor, is a risk. */
  paceTolerance: number;
  /** Share of the period that must have passed before pace counts. */
  minElapsed: number;
  /** Spending ahead of the pro-rata budget by more than this share is a risk. */
  budgetTolerance: number;
  /** Spent plus committed above this share of the budget is a risk. */
  budgetWarningRatio: number;
}

export interface IndicatorFigures {
  kind: TargetKind;
  /** The target; for "between" its lower bound. */
  value: number;
  max?: number;
  actual: number;
  /**
   * What is planned and not yet realised in the rest of the period (scheduled activities),
   * or undefined when nothing is planned ahead for this measure (advices, knowledge items).
   */
  pipeline?: number;
  /** Share of the indicator's period passed at the report date, 0..1. */
  elapsed: number;
}

export interface Verdict {
  status: MeasuredJudgement;
  reasons: Reason[];
}

/**
 * Judges one indicator against its target kind:
 * - a cap (at most, the upper bound of between, exactly) exceeded is a deviation; a pace that
 *   would exceed it by more than the tolerance by the period's end is a risk;
 * - a floor (at least, the lower bound of between, exactly) not reached when the period is over
 *   is a deviation, and so is one out of reach in the time left: neither the pace so far nor
 *   everything planned can reach it; a pace short of it by more than the tolerance is a risk.
 * Pace is actual / elapsed, and only judged once `minElapsed` of the period has passed.
 */
export function judgeIndicator(figures: IndicatorFigures, thresholds: Thresholds): Verdict {
  const cap = figures.kind === 'at-most' ? figures.value : figures.kind === 'between' ? figures.max : figures.kind === 'exactly' ? figures.value : undefined;
  const floor = figures.kind === 'at-least' || figures.kind === 'between' || figures.kind === 'exactly' ? figures.value : undefined;
  const { actual, elapsed } = figures;
  const paceKnown = elapsed >= thresholds.minElapsed && elapsed > 0;
  const projected = paceKnown ? actual / Math.min(1, elapsed) : undefined;
  const reasons: Verdict['reasons'] = [];
  let status: MeasuredJudgement = 'on-track';
  const raise = (to: MeasuredJudgement, reason: Reason) => {
    reasons.push(reason);
    status = SEVERITY[to] > SEVERITY[status] ? to : status;
  };

  if (cap !== undefined) {
    if (actual > cap) {
      raise('deviation', 'cap-exceeded');
    } else if (projected !== undefined && elapsed < 1 && projected > cap * (1 + thresholds.paceTolerance)) {
      raise('at-risk', 'cap-pace');
    }
  }
  if (floor !== undefined && actual < floor) {
    if (elapsed >= 1) {
      raise('deviation', 'floor-missed');
    } else if (
      figures.pipeline !== undefined &&
      projected !== undefined &&
      actual + figures.pipeline < floor &&
      actual + (projected - actual) * (1 + thresholds.paceTolerance) < floor
    ) {
      raise('deviation', 'floor-out-of-reach');
    } else if (projected !== undefined && projected < floor * (1 - thresholds.paceTolerance)) {
      raise('at-risk', 'floor-pace');
    }
  }
  return { status, reasons };
}

export interface BudgetFigures {
  budget: number;
  spent: number;
  committed: number;
  elapsed: number;
}

/** Spent and committed against the budget, and spending against the pro-rata budget. */
export function judgeBudget(figures: BudgetFigures, thresholds: Thresholds): Verdict {
  const { budget, spent, committed, elapsed } = figures;
  if (spent + committed > budget) {
    return { status: 'deviation', reasons: ['budget-overrun'] };
  }
  const reasons: Reason[] = [];
  if (elapsed >= thresholds.minElapsed && elapsed < 1 && spent > budget * elapsed * (1 + thresholds.budgetTolerance)) {
    reasons.push('budget-pace');
  }
  if (spent + committed > budget * thresholds.budgetWarningRatio) {
    reasons.push('budget-nearly-used');
  }
  return { status: reasons.length > 0 ? 'at-risk' : 'on-track', reasons };
}

export function elapsedShare(start: Date, end: Date, asOf: Date): number {
  const span = end.getTime() - start.getTime();
  return span <= 0 ? 1 : Math.min(1, Math.max(0, (asOf.getTime() - start.getTime()) / span));
}
