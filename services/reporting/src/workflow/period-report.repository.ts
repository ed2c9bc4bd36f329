import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { LocalText } from '../programmes/programme.schema';
import type { ProgrammeReport, WorkflowStatus } from '../reports/report.model';

export interface PeriodReportRow {
  status: WorkflowStatus;
  submittedAt?: Date;
  submittedBy?: string;
  approvedAt?: Date;
  approvedBy?: string;
  rejectionReason?: string;
  frozen?: ProgrammeReport;
}

/** The workflow state of a programme's report for a period, and the explanations written for it. */
@Injectable()
export class PeriodReportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Locks the period's row for the transaction, creating it as a draft when it is not there yet. */
  async lock(tx: EntityManager, programmeCode: string, period: string): Promise<PeriodReportRow> {
    await tx.query(
      `INSERT INTO period_reports (programme_code, period, status) VALUES ($1, $2, 'draft') ON CONFLICT DO NOTHING`,
      [programmeCode, period],
    );
    const [row] = await tx.query(`SELECT * FROM period_reports WHERE programme_code = $1 AND period = $2 FOR UPDATE`, [programmeCode, period]);
    return toRow(row);
  }

  async find(programmeCode: string, period: string, manager: EntityManager = this.dataSource.manager): Promise<PeriodReportRow | undefined> {
    const [row] = await manager.query(`SELECT * FROM period_reports WHERE programme_code = $1 AND period = $2`, [programmeCode, period]);
    return row ? toRow(row) : undefined;
  }

  async update(tx: EntityManager, programmeCode: string, period: string, changes: Partial<Record<string, unknown>>): Promise<void> {
    const columns = Object.keys(changes);
    await tx.query(
      `UPDATE period_reports SET ${columns.map((column, index) => `${column} = $${index + 3}`).join(', ')}, updated_at = now()
        WHERE programme_code = $1 AND period = $2`,
      [programmeCode, period, ...columns.map((column) => changes[column])],
    );
  }

  async saveExplanation(tx: EntityManager, programmeCode: string, period: string, prestatieCode: string, text: LocalText, by: string): Promise<void> {
    await tx.query(
      `INSERT INTO explanations (programme_code, period, prestatie_code, text_nl, text_en, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (programme_code, period, prestatie_code) DO UPDATE SET text_nl = $4, text_en = $5, updated_by = $6, updated_at = now()`,
      [programmeCode, period, prestatieCode, text.nl, text.en ?? null, by],
    );
  }

  async saveRealisationText(
    tx: EntityManager,
    key: { programmeCode: string; period: string; prestatieCode: string; actionNumber: number },
    text: LocalText,
    by: string,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO action_realisations (programme_code, period, prestatie_code, action_number, text_nl, text_en, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (programme_code, period, prestatie_code, action_number) DO UPDATE SET text_nl = $5, text_en = $6, updated_by = $7, updated_at = now()`,
      [key.programmeCode, key.period, key.prestatieCode, key.actionNumber, text.nl, text.en ?? null, by],
    );
  }

  /** The realisation texts of a report, by "7.2.3#4". */
  async realisationTexts(programmeCode: string, period: string, manager: EntityManager = this.dataSource.manager): Promise<Map<string, LocalText>> {
    const rows: { prestatie_code: string; action_number: number; text_nl: string; text_en: string | null }[] = await manager.query(
      `SELECT prestatie_code, action_number, text_nl, text_en FROM action_realisations WHERE programme_code = $1 AND period = $2`,
      [programmeCode, period],
    );
    return new Map(
      rows.map((row) => [`${row.prestatie_code}#${row.action_number}`, row.text_en ? { nl: row.text_nl, en: row.text_en } : { nl: row.text_nl }]),
    );
  }

  async explanations(programmeCode: string, period: string, manager: EntityManager = this.dataSource.manager): Promise<Map<string, LocalText>> {
    const rows: { prestatie_code: string; text_nl: string; text_en: string | null }[] = await manager.query(
      `SELECT prestatie_code, text_nl, text_en FROM explanations WHERE programme_code = $1 AND period = $2`,
      [programmeCode, period],
    );
    return new Map(rows.map((row) => [row.prestatie_code, row.text_en ? { nl: row.text_nl, en: row.text_en } : { nl: row.text_nl }]));
  }
}

function toRow(row: Record<string, any>): PeriodReportRow {
  return {
    status: row.status,
    submittedAt: row.submitted_at ?? undefined,
    submittedBy: row.submitted_by ?? undefined,
    approvedAt: row.approved_at ?? undefined,
    approvedBy: row.approved_by ?? undefined,
    rejectionReason: row.rejection_reason ?? undefined,
    frozen: row.frozen ?? undefined,
  };
}
