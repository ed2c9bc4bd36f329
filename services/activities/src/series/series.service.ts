import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { InvalidInputException } from '@deelwijs/platform';
import { ActivitiesService } from '../activities/activities.service';
import { toView } from '../activities/activity-view';
import type { Activity } from '../activities/activity';
import type { CreateSeriesDto, SeriesView } from './dto/series.dto';
import { occurrences, RecurrenceError } from './occurrences';
import { SeriesRepository } from './series.repository';

/** A recurring activity: the series and all its occurrences, each an activity of its own, in one transaction. */
@Injectable()
export class SeriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly series: SeriesRepository,
    private readonly activities: ActivitiesService,
  ) {}

  async create(input: CreateSeriesDto): Promise<SeriesView> {
    let starts: Date[];
    try {
      starts = occurrences(input.rrule, new Date(input.firstStartsAt));
    } catch (error) {
      if (error instanceof RecurrenceError) {
        throw new InvalidInputException([{ name: 'rrule', reason: error.message }]);
      }
      throw error;
    }
    const { rrule, firstStartsAt, durationMinutes, publish, ...facts } = input;
    const id = randomUUID();
    return this.dataSource.transaction(async (db) => {
      const programmeCode = facts.programmeCode ?? null;
      await this.series.insert(db, { id, rrule, firstStartsAt: new Date(firstStartsAt), durationMinutes, programmeCode });
      const created: Activity[] = [];
      for (const startsAt of starts) {
        const endsAt = new Date(startsAt.getTime() + durationMinutes * 60_000);
        created.push(
          await this.activities.insert(db, facts, {
            startsAt,
            endsAt,
            seriesId: id,
            publish: publish ?? false,
          }),
        );
      }
      return { id, rrule, durationMinutes, programmeCode, occurrences: created.map(toView) };
    });
  }

  async get(id: string): Promise<SeriesView> {
    const db = this.dataSource.manager;
    const series = await this.series.find(db, id);
    if (!series) {
      throw new NotFoundException(`Series ${id} does not exist.`);
    }
    const activities = await this.activities.ofSeries(db, id);
    return { ...series, occurrences: activities.map(toView) };
  }
}
