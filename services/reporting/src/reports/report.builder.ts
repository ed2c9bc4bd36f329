import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ReportingPeriod } from '@deelwijs/contracts';
import { judgeBudget, judgeIndicator, worst, elapsedShare, type Thresholds } from '../deviations/deviation';
import { IndicatorActualsRepository } from '../indicators/indicator-actuals.repository';
import { dateRange, lastDay, localDate } from './periods';
import type { LocalText, ProgrammeDefinition } from '../programmes/programme.schema';
import type { ProgrammeReport, PrestatieReport } from './report.model';

export const DEFAULT_THRESHOLDS = Symbol('DEFAULT_THRESHOLDS');

/**
 * Builds the report of a programme for a period from the projections: actuals per indicator as
 * of the period's end (or now), judged against targets and budget with the programme's thresholds.
 */
@Injectable()
export class ReportBuilder {
  constructor(
    private readonly actuals: IndicatorActualsRepository,
    @Inject(DEFAULT_THRESHOLDS) private readonly defaults: Thresholds,
  ) {}

  async build(
    programme: ProgrammeDefinition,
    period: ReportingPeriod,
    options: { now?: Date; explanations?: Map<string, LocalText>; manager?: EntityManager } = {},
  ): Promise<ProgrammeReport> {
    const now = options.now ?? new Date();
    const asOf = new Date(Math.min(period.end.getTime(), now.getTime()));
    const thresholds: Thresholds = { ...this.defaults, ...programme.thresholds };
    const { indicators, budgets } = await this.actuals.compute(programme, asOf, options.manager);
    const programmeRange = dateRange(programme.period);

    const prestaties = programme.prestaties.map((prestatie): PrestatieReport => {
      const indicatorReports = prestatie.indicators.map((indicator) => {
        const figures = indicators.find((found) => found.prestatieCode === prestatie.code && found.key === indicator.key)!;
        const cents = indicator.measure === 'cost';
        const actual = cents ? figures.actual / 100 : figures.actual;
        const pipeline = figures.pipeline === undefined ? undefined : cents ? figures.pipeline / 100 : figures.pipeline;
        const verdict = judgeIndicator(
          { ...indicator.target, actual, pipeline, elapsed: elapsedShare(figures.from, figures.periodEnd, asOf) },
          thresholds,
        );
        return {
          key: indicator.key,
          label: indicator.label,
          measure: indicator.measure,
          target: indicator.target,
          actual,
          pipeline,
          period: { start: localDate(figures.from), end: lastDay(figures.periodEnd) },
          ...verdict,
        };
      });
      const spending = budgets.find((found) => found.prestatieCode === prestatie.code);
      const budget =
        prestatie.budget && spending
          ? {
              amountEur: prestatie.budget.amountEur,
              reserve: prestatie.budget.reserve,
              spentEur: spending.spentCents / 100,
              committedEur: spending.committedCents / 100,
              ...judgeBudget(
                {
                  budget: prestatie.budget.amountEur,
                  spent: spending.spentCents / 100,
                  committed: spending.committedCents / 100,
                  elapsed: elapsedShare(programmeRange.start, programmeRange.end, asOf),
                },
                thresholds,
              ),
            }
          : undefined;
      const status = worst([...indicatorReports.map((indicator) => indicator.status), budget?.status ?? 'on-track']);
      return {
        code: prestatie.code,
        title: prestatie.title,
        aim: prestatie.aim,
        context: prestatie.context,
        actions: prestatie.actions,
        basicInformation: prestatie.basicInformation,
        budget,
        indicators: indicatorReports,
        status,
        explanationRequired: status === 'deviation',
        explanation: options.explanations?.get(prestatie.code),
      };
    });
    return {
      programme: { code: programme.code, title: programme.title, period: programme.period },
      period: { id: period.id, start: localDate(period.start), end: lastDay(period.end) },
      asOf: asOf < period.end ? localDate(asOf) : lastDay(period.end),
      generatedAt: now.toISOString(),
      workflow: { status: 'draft', locked: false },
      status: worst(prestaties.map((prestatie) => prestatie.status)),
      prestaties,
    };
  }

  /** Joins reports built one prestatie at a time (to show progress) into the programme's report. */
  merge(parts: ProgrammeReport[]): ProgrammeReport {
    const prestaties = parts.flatMap((part) => part.prestaties);
    return { ...parts[0], prestaties, status: worst(prestaties.map((prestatie) => prestatie.status)) };
  }
}
