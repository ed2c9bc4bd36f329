import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Public } from '@deelwijs/identity';
import { CalendarService } from './calendar.service';

class CalendarQuery {
  @ApiPropertyOptional({ example: 'democracy-game', description: 'A slug from GET /v1/activity-types' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{0,63}$/, { message: 'type must be a slug from /v1/activity-types' })
  type?: string;

  @ApiPropertyOptional({ example: '7.2.3' })
  @IsOptional()
  @Matches(/^[0-9]+(\.[0-9]+)*$/, { message: 'prestatie must look like 7.2.3' })
  prestatie?: string;

  @ApiPropertyOptional({ example: 'Zwolle' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  municipality?: string;
}

@ApiTags('calendar')
@Controller('v1')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('calendar.ics')
  @Public()
  @Header('content-type', 'text/calendar; charset=utf-8')
  @Header('cache-control', 'public, max-age=300')
  @ApiProduces('text/calendar')
  @ApiOkResponse({
    description: 'iCalendar (RFC 5545) of published activities, cancelled ones marked STATUS:CANCELLED',
  })
  feed(@Query() query: CalendarQuery): Promise<string> {
    return this.calendar.feed(query);
  }
}
