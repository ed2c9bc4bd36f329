import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface Series {
  id: string;
  rrule: string;
  firstStartsAt: Date;
  durationMinutes: number;
  /** The programme named for the whole series; null: each occurrence takes the default of its period. */
  programmeCode: string | null;
}

/** All SQL on `activity_series`; the occurrences themselves are activities. */
@Injectable()
export class SeriesRepository {
  async insert(db: EntityManager, series: Series): Promise<void> {
    await db.query(
      `INSERT INTO activity_series (id, rrule, first_starts_at, duration_minutes, programme_code) VALUES ($1, $2, $3, $4, $5)`,
      [series.id, series.rrule, series.firstStartsAt, series.durationMinutes, series.programmeCode],
    );
  }

  async find(db: EntityManager, id: string): Promise<Omit<Series, 'firstStartsAt'> | undefined> {
    const [series] = (await db.query(
      `SELECT id, rrule, duration_minutes AS "durationMinutes", programme_code AS "programmeCode" FROM activity_series WHERE id = $1`,
      [id],
    )) as Array<Omit<Series, 'firstStartsAt'>>;
    return series;
  }
}
