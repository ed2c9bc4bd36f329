import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PROGRAMME_TIME_ZONE } from '@deelwijs/contracts';
import { BUDGET_SUMS, scopeCondition, scopeOf } from '../indicators/indicator-actuals.repository';
import type { ProgrammeDefinition } from '../programmes/programme.schema';
import { dateRange } from '../reports/periods';

/** What a prestatie's activities starting in one month (YYYY-MM, Amsterdam time) spent and committed. */
export interface MonthSpending {
  prestatieCode: string;
  month: string;
  spentCents: number;
  committedCents: number;
}

/**
 * The Financiën section's figures split by the month the activities start in, summed with the
 * section's own expressions (BUDGET_SUMS), so the months always add up to the report's totals.
 */
@Injectable()
export class SpendingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The months of each of the prestaties, in one statement (a dashboard asks for all of them). */
  async perMonth(programme: ProgrammeDefinition, prestatieCodes: string[], asOf: Date): Promise<MonthSpending[]> {
    const range = dateRange(programme.period);
    const rows: { prestatie_code: string; month: string; spent: string; committed: string }[] = await this.dataSource.query(
      `SELECT f.prestatie_code, to_char(f.starts_at AT TIME ZONE $6, 'YYYY-MM') AS month,
              ${BUDGET_SUMS.spent('$4')} AS spent, ${BUDGET_SUMS.committed} AS committed
         FROM jsonb_to_record($5::jsonb) AS s (programme text, is_default boolean, programme_from timestamptz, programme_to timestamptz)
         JOIN activity_facts f ON f.prestatie_code = ANY($1::text[]) AND f.starts_at >= $2 AND f.starts_at < $3
                              AND ${scopeCondition('f', 'starts_at', 's')}
        GROUP BY f.prestatie_code, month ORDER BY f.prestatie_code, month`,
      [
        prestatieCodes,
        range.start,
        range.end,
        new Date(Math.min(asOf.getTime(), range.end.getTime())),
        JSON.stringify(scopeOf(programme)),
        PROGRAMME_TIME_ZONE,
      ],
    );
    return rows.map((row) => ({
      prestatieCode: row.prestatie_code,
      month: row.month,
      spentCents: Number(row.spent),
      committedCents: Number(row.committed),
    }));
  }
}
