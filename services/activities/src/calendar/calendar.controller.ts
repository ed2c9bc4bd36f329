import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@deelwijs/identity';
import { CalendarService } from './calendar.service';
import { CalendarQuery } from './dto/calendar.dto';

@ApiTags('calendar')
@Controller('v1')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  /** The feed's one representation is iCalendar, so a calendar app that asks for nothing in particular gets it. */
  @Get('calendar')
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

  /** The address calendar apps were given to subscribe to: it stays, answered as /v1/calendar is. */
  @Get('calendar.ics')
  @Public()
  @Header('content-type', 'text/calendar; charset=utf-8')
  @Header('cache-control', 'public, max-age=300')
  @ApiProduces('text/calendar')
  @ApiOperation({ deprecated: true, summary: 'Deprecated: the same feed as GET /calendar, kept for subscribed calendar apps' })
  @ApiOkResponse({ description: 'iCalendar (RFC 5545), as GET /calendar' })
  subscribedFeed(@Query() query: CalendarQuery): Promise<string> {
    return this.calendar.feed(query);
  }
}
