import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags, PickType } from '@nestjs/swagger';
import { Public } from '@deelwijs/identity';
import { ListActivitiesQuery } from '../activities/dto/activity.dto';
import { CalendarService } from './calendar.service';

/** The feed filters by the same fields, with the same rules, as the activity list. */
class CalendarQuery extends PickType(ListActivitiesQuery, ['type', 'prestatie', 'municipality'] as const) {}

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
