import {
  Body,
  Controller,
  Get,
  Injectable,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  IsBoolean,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Roles } from '@deelwijs/identity';
import { InvalidInputException } from '@deelwijs/platform';
import { ActivitiesService } from '../activities/activities.service';
import { toView } from '../activities/activity-view';
import { Activity } from '../activities/activity.entity';
import { ActivityFactsDto, ActivityView } from '../activities/dto/activity.dto';
import { MAX_OCCURRENCES, occurrences, RecurrenceError } from './occurrences';

class CreateSeriesDto extends ActivityFactsDto {
  @ApiProperty({
    example: 'FREQ=WEEKLY;BYDAY=TU;COUNT=10',
    description: `RFC 5545 RRULE in Europe/Amsterdam time, with COUNT or UNTIL; at most ${MAX_OCCURRENCES} occurrences`,
  })
  @IsString()
  @MaxLength(500)
  rrule: string;

  @ApiProperty({ example: '2026-09-01T19:30:00+02:00', description: 'Start of the first occurrence' })
  @IsISO8601({ strict: true }, { message: 'firstStartsAt must be an ISO 8601 date-time with offset' })
  @Matches(/(Z|[+-][0-9]{2}:[0-9]{2})$/, { message: 'firstStartsAt must carry a UTC offset' })
  firstStartsAt: string;

  @ApiProperty({ example: 120 })
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  durationMinutes: number;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  publish?: boolean;
}

class SeriesView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() rrule: string;
  @ApiProperty() durationMinutes: number;
  @ApiProperty({
    type: [ActivityView],
    description: 'Each occurrence is an activity and can be edited on its own',
  })
  occurrences: ActivityView[];
}

@Injectable()
export class SeriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO activity_series (id, rrule, first_starts_at, duration_minutes) VALUES ($1, $2, $3, $4)`,
        [id, rrule, new Date(firstStartsAt), durationMinutes],
      );
      const created: Activity[] = [];
      for (const startsAt of starts) {
        const endsAt = new Date(startsAt.getTime() + durationMinutes * 60_000);
        created.push(
          await this.activities.insert(manager, facts, {
            startsAt,
            endsAt,
            seriesId: id,
            publish: publish ?? false,
          }),
        );
      }
      return { id, rrule, durationMinutes, occurrences: created.map(toView) };
    });
  }

  async get(id: string): Promise<SeriesView> {
    const [series] = (await this.dataSource.query(
      `SELECT id, rrule, duration_minutes FROM activity_series WHERE id = $1`,
      [id],
    )) as Array<{
      id: string;
      rrule: string;
      duration_minutes: number;
    }>;
    if (!series) {
      throw new NotFoundException(`Series ${id} does not exist.`);
    }
    const activities = await this.dataSource
      .getRepository(Activity)
      .find({ where: { seriesId: id }, order: { startsAt: 'ASC' } });
    return {
      id: series.id,
      rrule: series.rrule,
      durationMinutes: series.duration_minutes,
      occurrences: activities.map(toView),
    };
  }
}

@ApiTags('series')
@ApiSecurity('bearer')
@Controller('v1/series')
export class SeriesController {
  constructor(private readonly series: SeriesService) {}

  @Post()
  @Roles('organiser', 'admin')
  @ApiCreatedResponse({ type: SeriesView })
  create(@Body() input: CreateSeriesDto): Promise<SeriesView> {
    return this.series.create(input);
  }

  @Get(':id')
  @Roles('organiser', 'admin')
  @ApiOkResponse({ type: SeriesView })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<SeriesView> {
    return this.series.get(id);
  }
}
