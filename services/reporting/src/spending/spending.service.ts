import { Injectable, NotFoundException } from '@nestjs/common';
import { lastDay, localDate } from '../reports/periods';
import { ReportsService } from '../reports/reports.service';
import type { PrestatieDefinition, ProgrammeDefinition } from '../programmes/programme.schema';
import type { ReportPeriod } from '../reports/reports.service';
import type { ProgrammeSpendingView, SpendingView } from './dto/spending.dto';
import { burnUp, monthsOf } from './spending';
import { SpendingRepository } from './spending.repository';

/**
 * A prestatie's spending over the programme's year, as of the date of a report's period: the
 * burn-up behind the report's Financiën section (live figures, like the drill-down).
 */
@Injectable()
export class SpendingService {
  constructor(
    private readonly reports: ReportsService,
    private readonly repository: SpendingRepository,
  ) {}

  async spending(code: string, periodId: string, prestatieCode: string, now = new Date()): Promise<SpendingView> {
    const programme = await this.reports.programme(code);
    const period = this.reports.period(programme, periodId);
    const prestatie = programme.prestaties.find((found) => found.code === prestatieCode);
    if (!prestatie) {
      throw new NotFoundException(`Programme ${code} has no prestatie ${prestatieCode}.`);
    }
    const [view] = await this.views(programme, period, [prestatie], now);
    return view;
  }

  /** Every prestatie's burn-up in one answer and one statement: the dashboard draws them all. */
  async programmeSpending(code: string, periodId: string, now = new Date()): Promise<ProgrammeSpendingView> {
    const programme = await this.reports.programme(code);
    const period = this.reports.period(programme, periodId);
    const items = await this.views(programme, period, programme.prestaties, now);
    return { programmeCode: code, period: period.id, asOf: asOfText(period, now), items };
  }

  private async views(
    programme: ProgrammeDefinition,
    period: ReportPeriod,
    prestaties: PrestatieDefinition[],
    now: Date,
  ): Promise<SpendingView[]> {
    const perMonth = await this.repository.perMonth(
      programme,
      prestaties.map((prestatie) => prestatie.code),
      asOfDate(period, now),
    );
    const months = monthsOf(programme.period);
    return prestaties.map((prestatie) => {
      const mine = perMonth.filter((row) => row.prestatieCode === prestatie.code);
      return {
        programmeCode: programme.code,
        period: period.id,
        prestatieCode: prestatie.code,
        asOf: asOfText(period, now),
        ...(prestatie.budget ? { budgetCents: prestatie.budget.amountCents } : {}),
        spentCents: mine.reduce((sum, row) => sum + row.spentCents, 0),
        committedCents: mine.reduce((sum, row) => sum + row.committedCents, 0),
        months: burnUp(months, mine),
      };
    });
  }
}

/** The figures are as of the period's end, or now while it runs (as the report's). */
function asOfDate(period: ReportPeriod, now: Date): Date {
  return new Date(Math.min(period.end.getTime(), now.getTime()));
}

function asOfText(period: ReportPeriod, now: Date): string {
  const asOf = asOfDate(period, now);
  return asOf < period.end ? localDate(asOf) : lastDay(period.end);
}
