import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ActivitiesConfig } from '../config/activities.config';
import { CalendarRepository, type CalendarFilter } from './calendar.repository';
import { serializeCalendar, type CalendarEvent } from './icalendar';

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
    private readonly calendar: CalendarRepository,
    private readonly config: ActivitiesConfig,
  ) {}

  async feed(filter: CalendarFilter, now = new Date()): Promise<string> {
    const rows = await this.calendar.feed(
      this.dataSource.manager,
      filter,
      new Date(now.getTime() - FEED_HISTORY_DAYS * 24 * 3600 * 1000),
    );
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
