import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import { ACTIVITY_TYPES } from '../activity-types';

export class CreateActivityDto {
  @ApiProperty({ enum: ACTIVITY_TYPES, example: 'democracy-game' })
  @IsIn(ACTIVITY_TYPES)
  type: string;

  @ApiProperty({ example: 'Democratiespel Zwolle', maxLength: 300 })
  @IsString()
  @Length(1, 300)
  title: string;

  @ApiProperty({ example: '7.2.3', description: 'The prestatie the activity serves' })
  @Matches(/^[0-9]+(\.[0-9]+)*$/, { message: 'prestatieCode must look like 7.2.3' })
  prestatieCode: string;

  @ApiPropertyOptional({ example: 1, description: 'The numbered action of the prestatie' })
  @IsOptional()
  @IsInt()
  @Min(1)
  actionNumber?: number;

  @ApiProperty({ example: '2026-03-12T19:30:00+01:00', description: 'ISO 8601 with offset (Europe/Amsterdam)' })
  @IsISO8601({ strict: true }, { message: 'startsAt must be an ISO 8601 date-time with offset' })
  @Matches(/(Z|[+-][0-9]{2}:[0-9]{2})$/, { message: 'startsAt must carry a UTC offset' })
  startsAt: string;

  @ApiProperty({ example: '2026-03-12T21:30:00+01:00' })
  @IsISO8601({ strict: true }, { message: 'endsAt must be an ISO 8601 date-time with offset' })
  @Matches(/(Z|[+-][0-9]{2}:[0-9]{2})$/, { message: 'endsAt must carry a UTC offset' })
  endsAt: string;
}

export class ActivityView {
  @ApiProperty() id: string;
  @ApiProperty() type: string;
  @ApiProperty() title: string;
  @ApiProperty() prestatieCode: string;
  @ApiPropertyOptional({ nullable: true }) actionNumber: number | null;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
}
