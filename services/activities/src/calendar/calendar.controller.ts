import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@deelwijs/identity';
import { CalendarService } from './calendar.service';
import { CalendarQuery } from './dto/calendar.dto';

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
