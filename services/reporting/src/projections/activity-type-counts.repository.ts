import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface ActivityTypeCount {
  type: string;
  activities: number;
}

@Injectable()
export class ActivityTypeCountsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async increment(transaction: EntityManager, type: string, prestatieCode: string): Promise<void> {
    await transaction.query(
      `INSERT INTO activity_type_counts (prestatie_code, type, activities) VALUES ($1, $2, 1)
       ON CONFLICT (prestatie_code, type) DO UPDATE SET activities = activity_type_counts.activities + 1`,
      [prestatieCode, type],
    );
  }

  async list(prestatieCode?: string): Promise<(ActivityTypeCount & { prestatieCode: string })[]> {
    const rows: { prestatie_code: string; type: string; activities: string }[] = await this.dataSource.query(
      `SELECT prestatie_code, type, activities FROM activity_type_counts
        WHERE $1::text IS NULL OR prestatie_code = $1 ORDER BY prestatie_code, type`,
      [prestatieCode ?? null],
    );
    return rows.map((row) => ({ prestatieCode: row.prestatie_code, type: row.type, activities: Number(row.activities) }));
  }
}
