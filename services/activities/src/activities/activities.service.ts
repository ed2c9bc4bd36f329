import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ActivityScheduledV1 } from '@deelwijs/contracts';
import { OutboxWriter } from '@deelwijs/messaging';
import { InvalidInputException } from '@deelwijs/platform';
import { Activity } from './activity.entity';
import type { ActivityView, CreateActivityDto } from './dto/create-activity.dto';

@Injectable()
export class ActivitiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Stores the activity and its "scheduled" event in one transaction. */
  async schedule(input: CreateActivityDto): Promise<ActivityView> {
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    if (endsAt <= startsAt) {
      throw new InvalidInputException([{ name: 'endsAt', reason: 'endsAt must be after startsAt' }]);
    }
    const activity = this.dataSource.getRepository(Activity).create({
      id: randomUUID(),
      type: input.type,
      title: input.title,
      prestatieCode: input.prestatieCode,
      actionNumber: input.actionNumber ?? null,
      startsAt,
      endsAt,
    });
    await this.dataSource.transaction(async (manager) => {
      // insert, not save: save would first SELECT to decide between insert and update.
      await manager.insert(Activity, activity);
      await this.outbox.append(manager, ActivityScheduledV1, {
        activityId: activity.id,
        type: activity.type,
        title: activity.title,
        prestatieCode: activity.prestatieCode,
        actionNumber: activity.actionNumber ?? undefined,
        startsAt: activity.startsAt.toISOString(),
        endsAt: activity.endsAt.toISOString(),
      });
    });
    return toView(activity);
  }

  async get(id: string): Promise<ActivityView> {
    const activity = await this.dataSource.getRepository(Activity).findOneBy({ id });
    if (!activity) {
      throw new NotFoundException(`Activity ${id} does not exist.`);
    }
    return toView(activity);
  }
}

function toView(activity: Activity): ActivityView {
  return {
    id: activity.id,
    type: activity.type,
    title: activity.title,
    prestatieCode: activity.prestatieCode,
    actionNumber: activity.actionNumber,
    startsAt: activity.startsAt.toISOString(),
    endsAt: activity.endsAt.toISOString(),
  };
}
