import { PickType } from '@nestjs/swagger';
import { ListActivitiesQuery } from '../../activities/dto/activity.dto';

/** The feed filters by the same fields, with the same rules, as the activity list. */
export class CalendarQuery extends PickType(ListActivitiesQuery, [
  'type',
  'prestatie',
  'municipality',
] as const) {}
