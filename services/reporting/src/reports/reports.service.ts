import { Injectable, NotFoundException } from '@nestjs/common';
import { parsePeriod, type ReportingPeriod } from '@deelwijs/contracts';
import { InvalidInputException } from '@deelwijs/platform';
import { ProgrammeRepository } from '../programmes/programme.repository';
import type { ProgrammeDefinition } from '../programmes/programme.schema';
import { PeriodReportRepository, type PeriodReportRow } from '../workflow/period-report.repository';
import { dateRange } from './periods';
import { ReportBuilder } from './report.builder';
import type { ProgrammeReport } from './report.model';

/**
 * The report of a programme for a period as people see it: live figures while it is a draft,
 * the figures frozen at submission once it is submitted or approved (an approved period is locked).
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly programmes: ProgrammeRepository,
    private readonly periods: PeriodReportRepository,
    private readonly builder: ReportBuilder,
  ) {}

  async programme(code: string): Promise<ProgrammeDefinition> {
    const stored = await this.programmes.find(code);
    if (!stored) {
      throw new NotFoundException(`Programme ${code} does not exist.`);
    }
    return stored.definition;
  }

  /** A period of the programme: its id must parse and overlap the programme's period. */
  period(programme: ProgrammeDefinition, id: string): ReportingPeriod {
    const period = parsePeriod(id);
    const range = dateRange(programme.period);
    if (!period) {
      throw new InvalidInputException([{ name: 'period', reason: 'must look like 2026, 2026-Q3 or 2026-07' }]);
    }
    if (period.end <= range.start || period.start >= range.end) {
      throw new InvalidInputException([
        { name: 'period', reason: `lies outside the programme's period ${programme.period.start} – ${programme.period.end}` },
      ]);
    }
    return period;
  }

  async report(code: string, periodId: string, now = new Date()): Promise<ProgrammeReport> {
    const programme = await this.programme(code);
    const period = this.period(programme, periodId);
    const state = await this.periods.find(code, periodId);
    if (state?.frozen) {
      return { ...state.frozen, workflow: workflowOf(state) };
    }
    const report = await this.builder.build(programme, period, { now, explanations: await this.periods.explanations(code, periodId) });
    return { ...report, workflow: workflowOf(state) };
  }
}

export function workflowOf(state: PeriodReportRow | undefined): ProgrammeReport['workflow'] {
  if (!state) {
    return { status: 'draft', locked: false };
  }
  return {
    status: state.status,
    submittedAt: state.submittedAt?.toISOString(),
    submittedBy: state.submittedBy,
    approvedAt: state.approvedAt?.toISOString(),
    approvedBy: state.approvedBy,
    rejectionReason: state.rejectionReason,
    locked: state.status === 'approved',
  };
}
