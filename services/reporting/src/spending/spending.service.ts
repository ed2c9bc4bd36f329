import { Injectable, NotFoundException } from '@nestjs/common';
import { lastDay, localDate } from '../reports/periods';
import { ReportsService } from '../reports/reports.service';
import type { SpendingView } from './dto/spending.dto';
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
    const asOf = new Date(Math.min(period.end.getTime(), now.getTime()));
    const perMonth = await this.repository.perMonth(programme, prestatie.code, asOf);
    const months = burnUp(monthsOf(programme.period), perMonth);
    const spentCents = perMonth.reduce((sum, row) => sum + row.spentCents, 0);
    const committedCents = perMonth.reduce((sum, row) => sum + row.committedCents, 0);
    return {
      programmeCode: code,
      period: period.id,
      prestatieCode: prestatie.code,
      asOf: asOf < period.end ? localDate(asOf) : lastDay(period.end),
      ...(prestatie.budget ? { budgetCents: prestatie.budget.amountCents } : {}),
      spentCents,
      committedCents,
      months,
    };
  }
}
