import { Controller, Get, NotFoundException, Param, ParseUUIDPipe } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Ctx, Payload } from '@nestjs/microservices';
import { ApiOkResponse, ApiProperty, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { ActivityScheduledV1, type PayloadOf } from '@deelwijs/contracts';
import { Roles } from '@deelwijs/identity';
import { EventContext, OnEvent } from '@deelwijs/messaging';

class ActivityReferenceView {
  @ApiProperty() activityId: string;
  @ApiProperty() type: string;
  @ApiProperty() title: string;
  @ApiProperty() prestatieCode: string;
  @ApiProperty() startsAt: string;
}

/**
 * Knowledge items link to activities; this service keeps its own reference copy of each
 * activity from the activities stream instead of asking the activities service.
 */
@ApiTags('activity-references')
@ApiSecurity('bearer')
@Controller('v1/activity-references')
export class ActivityReferencesController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @OnEvent(ActivityScheduledV1)
  async activityScheduled(@Payload() event: PayloadOf<typeof ActivityScheduledV1>, @Ctx() context: EventContext) {
    await context.transaction.query(
      `INSERT INTO activity_references (activity_id, type, title, prestatie_code, starts_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (activity_id) DO UPDATE
         SET type = EXCLUDED.type, title = EXCLUDED.title, prestatie_code = EXCLUDED.prestatie_code, starts_at = EXCLUDED.starts_at`,
      [event.activityId, event.type, event.title, event.prestatieCode, event.startsAt],
    );
  }

  @Get(':activityId')
  @Roles('editor', 'admin')
  @ApiOkResponse({ type: ActivityReferenceView })
  async get(@Param('activityId', new ParseUUIDPipe()) activityId: string): Promise<ActivityReferenceView> {
    const rows: { activity_id: string; type: string; title: string; prestatie_code: string; starts_at: Date }[] =
      await this.dataSource.query(
        `SELECT activity_id, type, title, prestatie_code, starts_at FROM activity_references WHERE activity_id = $1`,
        [activityId],
      );
    const row = rows[0];
    if (!row) {
      throw new NotFoundException(`No activity ${activityId} is known here (yet).`);
    }
    return {
      activityId: row.activity_id,
      type: row.type,
      title: row.title,
      prestatieCode: row.prestatie_code,
      startsAt: row.starts_at.toISOString(),
    };
  }
}
