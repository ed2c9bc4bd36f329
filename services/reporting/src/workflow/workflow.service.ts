import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ProgressReportApprovedV1 } from '@deelwijs/contracts';
import type { Principal } from '@deelwijs/identity';
import { OutboxWriter } from '@deelwijs/messaging';
import { InvalidInputException } from '@deelwijs/platform';
import type { LocalText } from '../programmes/programme.schema';
import { lastDay } from '../reports/periods';
import { ReportBuilder } from '../reports/report.builder';
import type { ProgrammeReport } from '../reports/report.model';
import { ReportsService, workflowOf } from '../reports/reports.service';
import { approvedJudgements } from './approved-judgements';
import { PeriodReportRepository, type PeriodReportRow } from './period-report.repository';

/**
 * Draft → submitted → approved. Reporters explain and submit; a deviation without an
 * explanation cannot be submitted; submission freezes the figures the approver sees; an
 * approver approves (locking the period for good) or sends it back to draft with a reason.
 */
@Injectable()
export class WorkflowService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: ReportsService,
    private readonly builder: ReportBuilder,
    private readonly periods: PeriodReportRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async explain(code: string, periodId: string, prestatieCode: string, text: LocalText, by: Principal): Promise<ProgrammeReport['workflow']> {
    const programme = await this.reports.programme(code);
    this.reports.period(programme, periodId);
    if (!programme.prestaties.some((prestatie) => prestatie.code === prestatieCode)) {
      throw new NotFoundException(`Programme ${code} has no prestatie ${prestatieCode}.`);
    }
    return this.dataSource.transaction(async (tx) => {
      const state = await this.periods.lock(tx, code, periodId);
      requireDraft(state, periodId);
      await this.periods.saveExplanation(tx, code, periodId, prestatieCode, text, by.id);
      return workflowOf(state);
    });
  }

  /** The realisation text reporting staff write under a numbered action; a draft's only, like the explanations. */
  async writeRealisation(
    code: string,
    periodId: string,
    prestatieCode: string,
    actionNumber: number,
    text: LocalText,
    by: Principal,
  ): Promise<ProgrammeReport['workflow']> {
    const programme = await this.reports.programme(code);
    this.reports.period(programme, periodId);
    const prestatie = programme.prestaties.find((found) => found.code === prestatieCode);
    if (!prestatie) {
      throw new NotFoundException(`Programme ${code} has no prestatie ${prestatieCode}.`);
    }
    if (!prestatie.actions.some((action) => action.number === actionNumber)) {
      throw new NotFoundException(`Prestatie ${prestatieCode} has no action ${actionNumber}.`);
    }
    return this.dataSource.transaction(async (tx) => {
      const state = await this.periods.lock(tx, code, periodId);
      requireDraft(state, periodId);
      await this.periods.saveRealisationText(tx, { programmeCode: code, period: periodId, prestatieCode, actionNumber }, text, by.id);
      return workflowOf(state);
    });
  }

  async submit(code: string, periodId: string, by: Principal, now = new Date()): Promise<ProgrammeReport> {
    const programme = await this.reports.programme(code);
    const period = this.reports.period(programme, periodId);
    // An interim report (stand per a date of the reporting calendar) once that day has passed; any other once its period has ended.
    if (period.end > now) {
      throw new ConflictException(
        period.standPer
          ? `Report ${periodId} is stand per ${period.standPer}; it can be submitted once that day has passed.`
          : `Period ${periodId} runs until ${lastDay(period.end)}; its report can be submitted once it has ended.`,
      );
    }
    return this.dataSource.transaction(async (tx) => {
      const state = await this.periods.lock(tx, code, periodId);
      requireDraft(state, periodId);
      const explanations = await this.periods.explanations(code, periodId, tx);
      const realisationTexts = await this.periods.realisationTexts(code, periodId, tx);
      const report = await this.builder.build(programme, period, { now, explanations, realisationTexts, manager: tx });
      const missing = report.prestaties.filter((prestatie) => prestatie.explanationRequired && !prestatie.explanation);
      if (missing.length > 0) {
        throw new InvalidInputException(
          missing.map((prestatie) => ({
            name: `explanations.${prestatie.code}`,
            reason: 'prestatie deviates from its targets or budget: explain it before submitting / afwijking vereist een toelichting',
          })),
        );
      }
      const submitted: PeriodReportRow = { status: 'submitted', submittedAt: now, submittedBy: by.id };
      const frozen = { ...report, workflow: workflowOf(submitted) };
      await this.periods.update(tx, code, periodId, {
        status: 'submitted',
        submitted_at: now,
        submitted_by: by.id,
        rejection_reason: null,
        frozen: JSON.stringify(frozen),
      });
      return frozen;
    });
  }

  async reject(code: string, periodId: string, reason: string, by: Principal): Promise<ProgrammeReport['workflow']> {
    this.reports.period(await this.reports.programme(code), periodId);
    return this.dataSource.transaction(async (tx) => {
      const state = await this.periods.lock(tx, code, periodId);
      requireSubmitted(state, periodId);
      await this.periods.update(tx, code, periodId, {
        status: 'draft',
        submitted_at: null,
        submitted_by: null,
        frozen: null,
        rejection_reason: `${reason} (${by.id})`,
      });
      return workflowOf({ status: 'draft', rejectionReason: `${reason} (${by.id})` });
    });
  }

  async approve(code: string, periodId: string, by: Principal, now = new Date()): Promise<ProgrammeReport> {
    const period = this.reports.period(await this.reports.programme(code), periodId);
    return this.dataSource.transaction(async (tx) => {
      const state = await this.periods.lock(tx, code, periodId);
      requireSubmitted(state, periodId);
      const approved: PeriodReportRow = { ...state, status: 'approved', approvedAt: now, approvedBy: by.id };
      const report = { ...state.frozen!, workflow: workflowOf(approved) };
      await this.periods.update(tx, code, periodId, { status: 'approved', approved_at: now, approved_by: by.id, frozen: JSON.stringify(report) });
      // In the same transaction: subscribers are sent the report if and only if the approval commits.
      await this.outbox.append(tx, ProgressReportApprovedV1, {
        programmeCode: code,
        period: periodId,
        standPer: period.standPer,
        approvedAt: now.toISOString(),
        ...approvedJudgements(report),
      });
      return report;
    });
  }
}

function requireDraft(state: PeriodReportRow, period: string): void {
  if (state.status === 'approved') {
    throw new ConflictException(`Period ${period} is approved and locked. / Periode ${period} is goedgekeurd en vergrendeld.`);
  }
  if (state.status === 'submitted') {
    throw new ConflictException(`Period ${period} is submitted; an approver must send it back first. / Periode ${period} is ingediend.`);
  }
}

function requireSubmitted(state: PeriodReportRow, period: string): void {
  if (state.status === 'approved') {
    throw new ConflictException(`Period ${period} is approved and locked. / Periode ${period} is goedgekeurd en vergrendeld.`);
  }
  if (state.status !== 'submitted') {
    throw new ConflictException(`Period ${period} has not been submitted. / Periode ${period} is nog niet ingediend.`);
  }
}
