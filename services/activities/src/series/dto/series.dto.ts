import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsOptional,
  Matches,
} from 'class-validator';
import {
  AmsterdamDateTime,
  IdentifierText,
  SafeInt,
} from '@deelwijs/platform';
import { ActivityFactsDto, ActivityView } from '../../activities/dto/activity.dto';
import { MAX_OCCURRENCES } from '../occurrences';

/**
 * An RRULE's text as RFC 5545 writes it: NAME=VALUE parts, upper-case names, values of letters,
 * digits, signs and commas. The rrule library skips what it does not understand, so trailing junk
 * would otherwise pass unseen.
 */
const RRULE_SHAPE = /^(RRULE:)?[A-Z]+=[A-Za-z0-9,+-]+(;[A-Z]+=[A-Za-z0-9,+-]+)*$/;

export class CreateSeriesDto extends ActivityFactsDto {
  @ApiProperty({
    example: 'FREQ=WEEKLY;BYDAY=TU;COUNT=10',
    description: `RFC 5545 RRULE in Europe/Amsterdam time, with COUNT or UNTIL; at most ${MAX_OCCURRENCES} occurrences`,
  })
  @IdentifierText(500, { minLength: 1 })
  @Matches(RRULE_SHAPE, { message: 'rrule must be NAME=VALUE parts separated by semicolons, such as FREQ=WEEKLY;COUNT=10' })
  rrule: string;

  @ApiProperty({ example: '2026-09-01T19:30:00+02:00', description: 'Start of the first occurrence' })
  @AmsterdamDateTime()
  firstStartsAt: string;

  @ApiProperty({ example: 120 })
  @SafeInt(1, 7 * 24 * 60)
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
