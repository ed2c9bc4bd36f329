import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { LessonsLearnedRecordedV1, type PayloadOf } from '@deelwijs/contracts';
import { EventContext, OnEvent } from '@deelwijs/messaging';
import { ItemsService } from '../items/items.service';

/** The activities service's close-out lessons become a draft knowledge item (issue 4, item 4). */
@Controller()
export class LessonsLearnedController {
  constructor(private readonly items: ItemsService) {}

  @OnEvent(LessonsLearnedRecordedV1)
  recorded(@Payload() event: PayloadOf<typeof LessonsLearnedRecordedV1>, @Ctx() context: EventContext) {
    return this.items.draftFromLessonsLearned(context.transaction, event);
  }
}
