import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface CalendarFilter {
  type?: string;
  prestatie?: string;
  municipality?: string;
}

export interface FeedRow {
  id: string;
  status: string;
  type: string;
  prestatie_code: string;
  title_nl: string;
  description_nl: string;
  venue_name: string | null;
  venue_address: string | null;
  municipality: string | null;
  starts_at: Date;
  ends_at: Date;
  updated_at: Date;
}

/** The feed's read of activities. */
@Injectable()
export class CalendarRepository {
  /** Activities that were opened for registration and end after `endingAfter`, by start; never drafts. */
  async feed(db: EntityManager, filter: CalendarFilter, endingAfter: Date): Promise<FeedRow[]> {
    return (await db.query(
      `SELECT id, status, type, prestatie_code, title_nl, description_nl, venue_name, venue_address, municipality,
              starts_at, ends_at, updated_at
         FROM activities
        WHERE published_at IS NOT NULL AND status IN ('published', 'held', 'closed', 'cancelled')
          AND ends_at >= $1
          AND ($2::text IS NULL OR type = $2)
          AND ($3::text IS NULL OR prestatie_code = $3)
          AND ($4::text IS NULL OR lower(municipality) = lower($4))
        ORDER BY starts_at, id`,
      [endingAfter, filter.type ?? null, filter.prestatie ?? null, filter.municipality ?? null],
    )) as FeedRow[];
  }
}
