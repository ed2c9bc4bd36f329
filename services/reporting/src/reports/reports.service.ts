import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { parsePeriod, PERIOD_PATTERN, type ReportingPeriod } from '@deelwijs/contracts';
import { InvalidInputException } from '@deelwijs/platform';
import { ProgrammeRepository, type StoredProgramme } from '../programmes/programme.repository';
import type { LocalText, ProgrammeDefinition } from '../programmes/programme.schema';
import { PeriodReportRepository, type PeriodReportRow } from '../workflow/period-report.repository';
import { dateRange, localDate } from './periods';
import { ReportBuilder } from './report.builder';
import { LatestAsked } from './report-figures.cache';
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
  private readonly kept = new LatestAsked<ReportInputs>();

  constructor(
    private readonly programmes: ProgrammeRepository,
    private readonly periods: PeriodReportRepository,
    private readonly builder: ReportBuilder,
  ) {}

  async programme(code: string): Promise<ProgrammeDefinition> {
    return (await this.stored(code)).definition;
  }

  private async stored(code: string): Promise<StoredProgramme> {
    const stored = await this.programmes.find(code);
    if (!stored) {
      throw new NotFoundException(`Programme ${code} does not exist.`);
    }
    return stored;
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
    const { stored, period, state, explanations, realisationTexts, dataVersion } = await this.inputs(code, periodId);
    if (state?.frozen) {
      return { ...state.frozen, workflow: workflowOf(state) };
    }
    const report = await this.builder.build(stored.definition, period, { now, cacheKey: figuresKey(stored, periodId), dataVersion, explanations, realisationTexts });
    return { ...report, workflow: workflowOf(state) };
  }

  /**
   * What a report is made of besides its figures, kept while the data version stays (see
   * ReportFiguresCache): a repeated report reads only that version. The version is read first,
   * so what is read after it is never older than it.
   */
  private async inputs(code: string, periodId: string): Promise<ReportInputs> {
    const dataVersion = await this.builder.dataVersion();
    const key = JSON.stringify([code, periodId]);
    const kept = this.kept.get(key);
    if (kept?.dataVersion === dataVersion) {
      return kept;
    }
    // None of these reads needs another's answer: asked at once, they wait for about one round trip.
    const [stored, state, explanations, realisationTexts] = await Promise.all([
      this.stored(code),
      this.periods.find(code, periodId),
      this.periods.explanations(code, periodId),
      this.periods.realisationTexts(code, periodId),
    ]);
    const read = { dataVersion, stored, period: this.period(stored.definition, periodId), state, explanations, realisationTexts };
    this.kept.set(key, read);
    return read;
  }

  /**
   * A draft report with texts that are being written and not yet stored, in place of the stored
   * ones of one prestatie: what its page will read once they are saved. Only a draft has one;
   * a submitted or approved report's page is the frozen one.
   */
  async preview(code: string, periodId: string, prestatieCode: string, draft: PrestatieDraft, now = new Date()): Promise<ProgrammeReport> {
    const stored = await this.stored(code);
    const programme = stored.definition;
    const period = this.period(programme, periodId);
    const prestatie = programme.prestaties.find((found) => found.code === prestatieCode);
    if (!prestatie) {
      throw new NotFoundException(`Programme ${code} has no prestatie ${prestatieCode}.`);
    }
    for (const action of draft.realisations.keys()) {
      if (!prestatie.actions.some((found) => found.number === action)) {
        throw new InvalidInputException([{ name: 'realisations.action', reason: `prestatie ${prestatieCode} has no action ${action}` }]);
      }
    }
    const state = await this.periods.find(code, periodId);
    if (state && state.status !== 'draft') {
      throw new ConflictException(`Period ${periodId} is ${state.status}; only a draft report can be previewed with new texts. / Periode ${periodId} is geen concept.`);
    }
    const explanations = await this.periods.explanations(code, periodId);
    const realisationTexts = await this.periods.realisationTexts(code, periodId);
    if (draft.explanation !== undefined) {
      const text = written(draft.explanation);
      if (text) {
        explanations.set(prestatieCode, text);
      } else {
        explanations.delete(prestatieCode);
      }
    }
    for (const [action, draftText] of draft.realisations) {
      const text = written(draftText);
      if (text) {
        realisationTexts.set(`${prestatieCode}#${action}`, text);
      } else {
        realisationTexts.delete(`${prestatieCode}#${action}`);
      }
    }
    const report = await this.builder.build(programme, period, { now, explanations, realisationTexts, cacheKey: figuresKey(stored, periodId) });
    return { ...report, workflow: workflowOf(state) };
  }
}

/** A report's programme, period, workflow state and texts, as read at a data version. */
interface ReportInputs {
  dataVersion: string;
  stored: StoredProgramme;
  period: ReportPeriod;
  state?: PeriodReportRow;
  explanations: Map<string, LocalText>;
  realisationTexts: Map<string, LocalText>;
}

/** Each revision of a programme has figures of its own (its prestaties and indicators), per period. */
function figuresKey(stored: StoredProgramme, periodId: string): string {
  return JSON.stringify([stored.definition.code, stored.revision, stored.updatedAt.toISOString(), periodId]);
}

/** The texts of one prestatie as they are being written (an empty text counts as none). */
export interface PrestatieDraft {
  explanation?: { nl: string; en?: string };
  realisations: Map<number, { nl: string; en?: string }>;
}

function written(text: { nl: string; en?: string }): LocalText | undefined {
  const nl = text.nl.trim();
  const en = text.en?.trim();
  if (!nl && !en) {
    return undefined;
  }
  return en ? { nl, en } : { nl };
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
