import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
import { ActivityFactsDto, ActivityView } from '../../activities/dto/activity.dto';
import { MAX_OCCURRENCES } from '../occurrences';

export class CreateSeriesDto extends ActivityFactsDto {
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

export class SeriesView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() rrule: string;
  @ApiProperty() durationMinutes: number;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The programme named for the series; null: each occurrence is in the default programme of its period',
  })
  programmeCode: string | null;
  @ApiProperty({
    type: [ActivityView],
    description: 'Each occurrence is an activity and can be edited on its own',
  })
  occurrences: ActivityView[];
}
