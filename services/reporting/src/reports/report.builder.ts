import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { judgeBudget, judgeIndicator, judgePrestatie, worst, elapsedShare, type Thresholds, type Verdict } from '../deviations/deviation';
import { IndicatorActualsRepository, type IndicatorActual } from '../indicators/indicator-actuals.repository';
import { dateRange, lastDay, localDate } from './periods';
import type { IndicatorDefinition, LocalText, ProgrammeDefinition } from '../programmes/programme.schema';
import type { PolicyMonitorReport, ProgrammeReport, PrestatieReport } from './report.model';
import { PolicyMonitorRepository } from '../policy-monitor/policy-monitor.repository';
import type { ReportPeriod } from './reports.service';
import { ReportFiguresCache, type ReportFigures } from './report-figures.cache';

export const DEFAULT_THRESHOLDS = Symbol('DEFAULT_THRESHOLDS');

/** The periods the knowledge service computes its policy monitor figures for. */
const MONITOR_PERIOD = /^[0-9]{4}(-Q[1-4]|-[0-9]{2})?$/;

/**
 * A cost indicator with a cap is a budget: it is judged by the same rule as the Financiën
 * section (spent plus committed against the amount, spending against time), so the two can
 * never disagree. Other indicators are judged against their target kind.
 */
function judgeFigures(indicator: IndicatorDefinition, figures: IndicatorActual, elapsed: number, thresholds: Thresholds): Verdict {
  const cap = indicator.target.kind === 'at-most' ? indicator.target.value : indicator.target.kind === 'between' ? indicator.target.max : undefined;
  if (indicator.measure === 'cost' && cap !== undefined) {
    const verdict = judgeBudget({ budget: cap, spent: figures.actual, committed: figures.pipeline ?? 0, elapsed }, thresholds);
    if (indicator.target.kind !== 'between' || figures.actual >= indicator.target.value || elapsed < 1) {
      return verdict;
    }
    return { status: 'deviation', reasons: [...verdict.reasons, 'floor-missed'] };
  }
  return judgeIndicator({ ...indicator.target, actual: figures.actual, pipeline: figures.pipeline, elapsed }, thresholds);
}

/**
 * Builds the report of a programme for a period from the projections: actuals per indicator as
 * of the period's end (or now), judged against targets and budget with the programme's thresholds.
 */
@Injectable()
export class ReportBuilder {
  private readonly figuresCache = new ReportFiguresCache();

  constructor(
    private readonly actuals: IndicatorActualsRepository,
    @Inject(DEFAULT_THRESHOLDS) private readonly defaults: Thresholds,
    private readonly policyMonitor: PolicyMonitorRepository,
  ) {}

  async build(
    programme: ProgrammeDefinition,
    period: ReportPeriod,
    options: {
      now?: Date;
      explanations?: Map<string, LocalText>;
      realisationTexts?: Map<string, LocalText>;
      manager?: EntityManager;
      /**
       * Names the programme revision and period, when the figures may come from (and go to) the
       * figures cache: never with a manager (a transaction's or the rebuild's own view of the data).
       */
      cacheKey?: string;
      /** The data version (dataVersion()), when the caller read it already, since this report was asked for. */
      dataVersion?: string;
    } = {},
  ): Promise<ProgrammeReport> {
    const now = options.now ?? new Date();
    const asOf = new Date(Math.min(period.end.getTime(), now.getTime()));
    const thresholds: Thresholds = { ...this.defaults, ...programme.thresholds };
    const { indicators, budgets, actions, policyMonitor: monitored } =
      options.cacheKey !== undefined && !options.manager
        ? await this.cachedFigures(options.cacheKey, programme, period, asOf, options.dataVersion)
        : await this.figures(programme, period, asOf, options.manager);
    const programmeRange = dateRange(programme.period);

    const prestaties = programme.prestaties.map((prestatie): PrestatieReport => {
      const indicatorReports = prestatie.indicators.map((indicator) => {
        const figures = indicators.find((found) => found.prestatieCode === prestatie.code && found.key === indicator.key)!;
        const elapsed = elapsedShare(figures.from, figures.periodEnd, asOf);
        return {
          key: indicator.key,
          label: indicator.label,
          measure: indicator.measure,
          target: indicator.target,
          actual: figures.actual,
          pipeline: figures.pipeline,
          period: { start: localDate(figures.from), end: lastDay(figures.periodEnd) },
          ...judgeFigures(indicator, figures, elapsed, thresholds),
        };
      });
      const spending = budgets.find((found) => found.prestatieCode === prestatie.code);
      const budget =
        prestatie.budget && spending
          ? {
              amountCents: prestatie.budget.amountCents,
              reserve: prestatie.budget.reserve,
              spentCents: spending.spentCents,
              committedCents: spending.committedCents,
              ...judgeBudget(
                {
                  budget: prestatie.budget.amountCents,
                  spent: spending.spentCents,
                  committed: spending.committedCents,
                  elapsed: elapsedShare(programmeRange.start, programmeRange.end, asOf),
                },
                thresholds,
              ),
              actions: prestatie.actions
                .filter((action) => action.budgetCents !== undefined)
                .map((action) => {
                  const used = spending.actions.find((found) => found.number === action.number);
                  return { number: action.number, budgetCents: action.budgetCents!, spentCents: used?.spentCents ?? 0, committedCents: used?.committedCents ?? 0 };
                }),
            }
          : undefined;
      const judged = judgePrestatie(indicatorReports.map((indicator) => indicator.status), budget?.status);
      return {
        code: prestatie.code,
        title: prestatie.title,
        aim: prestatie.aim,
        context: prestatie.context,
        actions: prestatie.actions.map((action) => {
          const done = actions.find((found) => found.prestatieCode === prestatie.code && found.actionNumber === action.number);
          const activities = done?.activities ?? [];
          return {
            ...action,
            realisation: {
              activities,
              held: activities.reduce((sum, row) => sum + row.held, 0),
              participants: activities.reduce((sum, row) => sum + row.participants, 0),
              groups: activities.reduce((sum, row) => sum + row.groups, 0),
              advices: done?.advices ?? 0,
              knowledgeProducts: done?.knowledgeItems ?? 0,
              text: options.realisationTexts?.get(`${prestatie.code}#${action.number}`),
            },
          };
        }),
        basicInformation: prestatie.basicInformation,
        budget,
        indicators: indicatorReports,
        ...judged,
        explanation: options.explanations?.get(prestatie.code),
        ...(monitored.has(prestatie.code) ? { policyMonitor: monitored.get(prestatie.code) } : {}),
      };
    });
    return {
      programme: { code: programme.code, title: programme.title, period: programme.period },
      period: { id: period.id, start: localDate(period.start), end: lastDay(period.end), label: period.label, standPer: period.standPer },
      asOf: asOf < period.end ? localDate(asOf) : lastDay(period.end),
      generatedAt: now.toISOString(),
      workflow: { status: 'draft', locked: false },
      // The worst of the prestaties judged; not judged only when none of them is.
      status: worst(prestaties.map((prestatie) => prestatie.status)),
      prestaties,
    };
  }

  /** The version of the data the figures are read from (see ReportFiguresCache). */
  dataVersion(): Promise<string> {
    return this.actuals.dataVersion();
  }

  private async figures(programme: ProgrammeDefinition, period: ReportPeriod, asOf: Date, manager?: EntityManager): Promise<ReportFigures> {
    const figures = await this.actuals.compute(programme, asOf, manager);
    return { ...figures, policyMonitor: await this.policyMonitorReports(programme, period, manager) };
  }

  /**
   * The figures from the cache when the data version is still the one they were read at (and
   * the report date within the span they hold for), else read with the version they belong to.
   * The policy monitor's figures are read after that version: a write committed in between makes
   * them newer than the version, which only means the entry is read again next time; read before
   * it, they could be older than a version that already counts the write.
   */
  private async cachedFigures(key: string, programme: ProgrammeDefinition, period: ReportPeriod, asOf: Date, knownVersion?: string): Promise<ReportFigures> {
    const cached = this.figuresCache.get(key, knownVersion ?? (await this.actuals.dataVersion()), asOf);
    if (cached) {
      return cached;
    }
    const { figures, dataVersion, stableUntil } = await this.actuals.computeVersioned(programme, asOf);
    const read = { ...figures, policyMonitor: await this.policyMonitorReports(programme, period) };
    this.figuresCache.set(key, dataVersion, asOf, stableUntil, read);
    return read;
  }

  private async policyMonitorReports(programme: ProgrammeDefinition, period: ReportPeriod, manager?: EntityManager): Promise<Map<string, PolicyMonitorReport>> {
    const monitored = new Map<string, PolicyMonitorReport>();
    for (const prestatie of programme.prestaties.filter((found) => found.policyMonitor)) {
      monitored.set(prestatie.code, await this.policyMonitorFigures(prestatie.code, period, manager));
    }
    return monitored;
  }

  /**
   * The knowledge service computes its figures per calendar period; an interim report of the
   * reporting calendar (not a period of its own) shows those of the year its stand-per day is in.
   */
  private async policyMonitorFigures(prestatieCode: string, period: ReportPeriod, manager?: EntityManager): Promise<PolicyMonitorReport> {
    const id = MONITOR_PERIOD.test(period.id) ? period.id : (period.standPer ?? localDate(period.start)).slice(0, 4);
    const network = await this.policyMonitor.network(id, manager);
    const evaluation = await this.policyMonitor.prestatieEvaluation(prestatieCode, id, manager);
    return {
      period: id,
      ...(network ? { network: { computedAt: network.computedAt, partners: network.partners, projects: network.projects, links: network.links, newLinks: network.newLinks, communities: network.communities, mostConnected: network.mostConnected } } : {}),
      ...(evaluation ? { evaluation: { computedAt: evaluation.computedAt, responses: evaluation.responses, averages: evaluation.averages } } : {}),
    };
  }

  /** Joins reports built one prestatie at a time (to show progress) into the programme's report. */
  merge(parts: ProgrammeReport[]): ProgrammeReport {
    const prestaties = parts.flatMap((part) => part.prestaties);
    return { ...parts[0], prestaties, status: worst(prestaties.map((prestatie) => prestatie.status)) };
  }
}
