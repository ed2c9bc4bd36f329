import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ProgrammeReport } from '../reports/report.model';

export interface SnapshotView {
  period: string;
  takenOn: string;
  takenAt: string;
  status: string;
  prestaties: Array<{ code: string; status: string; indicators: Array<{ key: string; actual: number; status: string }> }>;
}

/** One snapshot per programme, period and day: a later run the same day replaces the earlier one. */
@Injectable()
export class SnapshotRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async save(report: ProgrammeReport, takenOn: string, takenAt: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO report_snapshots (programme_code, period, taken_on, taken_at, figures) VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT (programme_code, period, taken_on) DO UPDATE SET taken_at = $4, figures = $5::jsonb`,
      [report.programme.code, report.period.id, takenOn, takenAt, JSON.stringify(report)],
    );
  }

  async list(programmeCode: string, period?: string): Promise<SnapshotView[]> {
    const rows: { period: string; taken_on: string; taken_at: Date; figures: ProgrammeReport }[] = await this.dataSource.query(
      `SELECT period, to_char(taken_on, 'YYYY-MM-DD') AS taken_on, taken_at, figures FROM report_snapshots
        WHERE programme_code = $1 AND ($2::text IS NULL OR period = $2) ORDER BY taken_on DESC, period LIMIT 400`,
      [programmeCode, period ?? null],
    );
    return rows.map((row) => ({
      period: row.period,
      takenOn: row.taken_on,
      takenAt: row.taken_at.toISOString(),
      status: row.figures.status,
      prestaties: row.figures.prestaties.map((prestatie) => ({
        code: prestatie.code,
        status: prestatie.status,
        indicators: prestatie.indicators.map((indicator) => ({ key: indicator.key, actual: indicator.actual, status: indicator.status })),
      })),
    }));
  }
}
