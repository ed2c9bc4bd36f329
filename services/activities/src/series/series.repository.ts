import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface Series {
  id: string;
  rrule: string;
  firstStartsAt: Date;
  durationMinutes: number;
}

/** All SQL on `activity_series`; the occurrences themselves are activities. */
@Injectable()
export class SeriesRepository {
  async insert(db: EntityManager, series: Series): Promise<void> {
    await db.query(
      `INSERT INTO activity_series (id, rrule, first_starts_at, duration_minutes) VALUES ($1, $2, $3, $4)`,
      [series.id, series.rrule, series.firstStartsAt, series.durationMinutes],
    );
  }

  async find(db: EntityManager, id: string): Promise<Omit<Series, 'firstStartsAt'> | undefined> {
    const [series] = (await db.query(
      `SELECT id, rrule, duration_minutes AS "durationMinutes" FROM activity_series WHERE id = $1`,
      [id],
    )) as Array<Omit<Series, 'firstStartsAt'>>;
    return series;
  }
}
