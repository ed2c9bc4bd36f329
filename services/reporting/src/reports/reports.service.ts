import { Injectable, NotFoundException } from '@nestjs/common';
import { parsePeriod, PERIOD_PATTERN, type ReportingPeriod } from '@deelwijs/contracts';
import { InvalidInputException } from '@deelwijs/platform';
import { ProgrammeRepository } from '../programmes/programme.repository';
import type { LocalText, ProgrammeDefinition } from '../programmes/programme.schema';
import { PeriodReportRepository, type PeriodReportRow } from '../workflow/period-report.repository';
import { dateRange, localDate } from './periods';
import { ReportBuilder } from './report.builder';
import type { ProgrammeReport } from './report.model';

/** A reporting period, or an interim report of the programme's calendar (with its label and date). */
export interface ReportPeriod extends ReportingPeriod {
  label?: LocalText;
  standPer?: string;
}

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

  /**
   * What a report covers: a period of the programme (its id must parse and overlap the
   * programme's period), or an interim report of its reporting calendar, which runs from the
   * programme's start up to and including its "stand per" date.
   */
  period(programme: ProgrammeDefinition, id: string): ReportPeriod {
    const range = dateRange(programme.period);
    if (!PERIOD_PATTERN.test(id)) {
      const entry = programme.reportingCalendar.find((found) => found.key === id);
      if (!entry) {
        throw new InvalidInputException([
          {
            name: 'period',
            reason: `must look like 2026, 2026-Q3 or 2026-07, or be a key of the programme's reporting calendar (${
              programme.reportingCalendar.map((found) => found.key).join(', ') || 'none'
            })`,
          },
        ]);
      }
      const end = dateRange({ start: entry.standPer, end: entry.standPer }).end;
      return { id, start: range.start, end, from: programme.period.start, to: localDate(end), label: entry.label, standPer: entry.standPer };
    }
    const period = parsePeriod(id);
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
    const report = await this.builder.build(programme, period, {
      now,
      explanations: await this.periods.explanations(code, periodId),
      realisationTexts: await this.periods.realisationTexts(code, periodId),
    });
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
