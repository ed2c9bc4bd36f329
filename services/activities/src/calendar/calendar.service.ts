import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ActivitiesConfig } from '../config/activities.config';
import { serializeCalendar, type CalendarEvent } from './icalendar';

export interface CalendarFilter {
  type?: string;
  prestatie?: string;
  municipality?: string;
}

interface FeedRow {
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

/** How far back the feed reaches: a calendar keeps what it had, the feed need not repeat old years. */
const FEED_HISTORY_DAYS = 180;

/**
 * The public calendar of activities that were opened for registration. A cancelled one stays
 * in the feed with STATUS:CANCELLED, so subscribed calendars strike it out rather than keep it.
 * Drafts never appear.
 */
@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ActivitiesConfig,
  ) {}

  async feed(filter: CalendarFilter, now = new Date()): Promise<string> {
    const rows = (await this.dataSource.query(
      `SELECT id, status, type, prestatie_code, title_nl, description_nl, venue_name, venue_address, municipality,
              starts_at, ends_at, updated_at
         FROM activities
        WHERE published_at IS NOT NULL AND status IN ('published', 'held', 'closed', 'cancelled')
          AND ends_at >= $1
          AND ($2::text IS NULL OR type = $2)
          AND ($3::text IS NULL OR prestatie_code = $3)
          AND ($4::text IS NULL OR lower(municipality) = lower($4))
        ORDER BY starts_at, id`,
      [
        new Date(now.getTime() - FEED_HISTORY_DAYS * 24 * 3600 * 1000),
        filter.type ?? null,
        filter.prestatie ?? null,
        filter.municipality ?? null,
      ],
    )) as FeedRow[];
    const host = new URL(this.config.PUBLIC_BASE_URL).hostname;
    return serializeCalendar({
      productId: '-//Deelwijs//Activiteiten//NL',
      name: 'Deelwijs activiteiten',
      events: rows.map((row): CalendarEvent => ({
        uid: `${row.id}@${host}`,
        stamp: row.updated_at,
        startsAt: row.starts_at,
        endsAt: row.ends_at,
        summary: row.title_nl,
        description: row.description_nl || undefined,
        location:
          [row.venue_name, row.venue_address, row.municipality].filter(Boolean).join(', ') || undefined,
        categories: [row.type, row.prestatie_code],
        cancelled: row.status === 'cancelled',
      })),
    });
  }
}
